package report

import (
	"fmt"
	"strings"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine"
)

// Verdict is a run's outcome.
type Verdict string

// The verdicts, from best to worst.
const (
	// VerdictPass: every assertion passed, no threshold was crossed and
	// every fault was reverted.
	VerdictPass Verdict = "pass"
	// VerdictFail: an assertion failed or a threshold was crossed.
	VerdictFail Verdict = "fail"
	// VerdictError: the run could not be judged: an assertion could not
	// be evaluated (a backend down, a query rejected), a fault never took
	// effect, or an input is missing or broken.
	VerdictError Verdict = "error"
	// VerdictFaultNotReverted: a fault's revert failed or was never
	// confirmed: the target may still be broken.
	VerdictFaultNotReverted Verdict = "fault-not-reverted"
)

// ExitCode is the process exit code the verdict maps to (engine's).
func (v Verdict) ExitCode() int {
	switch v {
	case VerdictPass:
		return engine.ExitOK
	case VerdictFail:
		return engine.ExitThresholdsFailed
	case VerdictError:
		return engine.ExitCouldNotEvaluate
	}
	return engine.ExitFaultNotReverted
}

// Title is the verdict in capitals, as the report's headline.
func (v Verdict) Title() string {
	switch v {
	case VerdictPass:
		return "PASS"
	case VerdictFail:
		return "FAIL"
	case VerdictError:
		return "COULD NOT EVALUATE"
	}
	return "FAULT NOT REVERTED"
}

// Reason is one thing that keeps a run from passing.
type Reason struct {
	Verdict Verdict `json:"verdict"`
	Text    string  `json:"text"`
}

// Verdict is the worst outcome of the run (engine.Outranks).
func (r *Run) Verdict() Verdict {
	v := VerdictPass
	for _, x := range r.Reasons() {
		if engine.Outranks(x.Verdict.ExitCode(), v.ExitCode()) {
			v = x.Verdict
		}
	}
	return v
}

// Reasons lists what keeps the run from passing, worst first.
func (r *Run) Reasons() []Reason {
	var worst, bad, failed []Reason
	for _, f := range r.Faults {
		switch f.State {
		case FaultNotReverted:
			worst = append(worst, Reason{VerdictFaultNotReverted, fmt.Sprintf("fault %s (%s) was not reverted: %s", f.ID, f.Label(), or(f.Error, "its revert failed"))})
		case FaultUnconfirmed:
			worst = append(worst, Reason{VerdictFaultNotReverted, fmt.Sprintf("fault %s (%s): the event log ends before its revert was confirmed (was the run killed?); check the target by hand", f.ID, f.Label())})
		case FaultNotEffective:
			bad = append(bad, Reason{VerdictError, fmt.Sprintf("fault %s (%s) never took effect, so nothing judged it: %s", f.ID, f.Label(), or(f.Error, "its effect was not confirmed"))})
		}
	}
	for _, p := range r.Problems {
		bad = append(bad, Reason{VerdictError, p})
	}
	for _, e := range r.Results {
		switch e.Status {
		case assertions.Pass:
		case assertions.Fail:
			failed = append(failed, Reason{VerdictFail, fmt.Sprintf("%s failed: %s", subject(e), e.Why)})
		case assertions.Error:
			bad = append(bad, Reason{VerdictError, fmt.Sprintf("%s could not be evaluated: %s", subject(e), or(e.Why, e.Error))})
		default:
			bad = append(bad, Reason{VerdictError, fmt.Sprintf("%s has status %q, which is none of pass, fail, error", subject(e), e.Status)})
		}
	}
	for _, t := range r.Thresholds {
		if t.Crossed {
			text := "threshold " + t.String() + " crossed"
			if t.Observed != "" {
				text += ": observed " + t.Observed
			}
			failed = append(failed, Reason{VerdictFail, text})
		}
	}
	return append(append(worst, bad...), failed...)
}

// Counts are the assertions by status.
type Counts struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Error int `json:"error"`
}

// Total is every assertion counted.
func (c Counts) Total() int { return c.Pass + c.Fail + c.Error }

// Counts counts the run's assertions by status (an unknown status counts
// as an error).
func (r *Run) Counts() Counts {
	var c Counts
	for _, e := range r.Results {
		switch e.Status {
		case assertions.Pass:
			c.Pass++
		case assertions.Fail:
			c.Fail++
		default:
			c.Error++
		}
	}
	return c
}

// Line is the verdict in one line: "FAIL (exit 99): assertions 5 passed,
// 1 failed, 0 could not evaluate; thresholds 1 of 4 crossed; faults 2 of
// 2 reverted".
func (r *Run) Line() string {
	v := r.Verdict()
	c := r.Counts()
	parts := []string{fmt.Sprintf("assertions %d passed, %d failed, %d could not evaluate", c.Pass, c.Fail, c.Error)}
	parts = append(parts, fmt.Sprintf("thresholds %d of %d crossed", r.crossed(), len(r.Thresholds)))
	parts = append(parts, fmt.Sprintf("faults %d of %d reverted", r.reverted(), len(r.Faults)))
	return fmt.Sprintf("%s (exit %d): %s", v.Title(), v.ExitCode(), strings.Join(parts, "; "))
}

// crossed counts the thresholds crossed.
func (r *Run) crossed() int {
	n := 0
	for _, t := range r.Thresholds {
		if t.Crossed {
			n++
		}
	}
	return n
}

// reverted counts the faults whose revert was confirmed.
func (r *Run) reverted() int {
	n := 0
	for _, f := range r.Faults {
		if f.Reverted() {
			n++
		}
	}
	return n
}

// subject names a result: its Subject, else its Name.
func subject(e assertions.Entry) string { return or(e.Subject, e.Name, "an unnamed assertion") }

// or is the first non-empty string.
func or(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
