package report

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// The JUnit report, in the de-facto schema Jenkins, GitLab and GitHub
// reporters read: failure for a broken property, error for one that could
// not be evaluated.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	secs     float64
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	secs      float64
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (s *junitSuite) add(c junitCase) {
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	if c.Error != nil {
		s.Errors++
	}
	c.Time = fmt.Sprintf("%.3f", c.secs)
	s.secs += c.secs
	s.Cases = append(s.Cases, c)
}

// defaultScenario names the suite of results no scenario claims.
const defaultScenario = "assertions"

// JUnit renders junit.xml: a testsuite per scenario, one testcase per
// assertion; then the faults (one testcase each, failing when not
// reverted), the thresholds, and the run's inputs when one is missing.
func (r *Run) JUnit() ([]byte, error) {
	var suites []junitSuite
	for _, g := range r.byScenario() {
		s := junitSuite{Name: g.name}
		for _, e := range g.results {
			s.add(r.assertionCase(g.name, e))
		}
		suites = append(suites, s)
	}
	if len(r.Faults) > 0 {
		s := junitSuite{Name: "faults"}
		for _, f := range r.Faults {
			s.add(faultCase(f))
		}
		suites = append(suites, s)
	}
	if len(r.Thresholds) > 0 {
		s := junitSuite{Name: "thresholds"}
		for _, t := range r.Thresholds {
			c := junitCase{Name: t.String(), ClassName: "thresholds." + t.Metric}
			if t.Crossed {
				msg := "threshold " + t.String() + " crossed"
				if t.Observed != "" {
					msg += ": observed " + t.Observed
				}
				c.Failure = &junitProblem{Message: msg, Type: "threshold", Text: msg}
			}
			s.add(c)
		}
		suites = append(suites, s)
	}
	if len(r.Problems) > 0 {
		s := junitSuite{Name: "run"}
		for i, p := range r.Problems {
			s.add(junitCase{Name: fmt.Sprintf("input %d", i+1), ClassName: "run.inputs", Error: &junitProblem{Message: p, Type: "could not evaluate", Text: p}})
		}
		suites = append(suites, s)
	}
	out := junitSuites{Name: "mcpchaos " + r.Name}
	var secs float64
	for i := range suites {
		suites[i].Time = fmt.Sprintf("%.3f", suites[i].secs)
		out.Tests += suites[i].Tests
		out.Failures += suites[i].Failures
		out.Errors += suites[i].Errors
		secs += suites[i].secs
	}
	out.Suites, out.Time = suites, fmt.Sprintf("%.3f", secs)
	body, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", JUnitFile, err)
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

// assertionCase is one result as a testcase, its failure text saying what
// was broken, the fault judged, the query and the value last seen.
func (r *Run) assertionCase(scenario string, e assertions.Entry) junitCase {
	c := junitCase{Name: subject(e), ClassName: scenario + "." + or(e.Name, "assertion")}
	if !e.Started.IsZero() && e.Ended.After(e.Started) {
		c.secs = e.Ended.Sub(e.Started).Seconds()
	}
	if e.Status == assertions.Pass {
		return c
	}
	var b strings.Builder
	b.WriteString(e.Why)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "\n%s: %s", k, v)
		}
	}
	line("fault", r.faultText(e.FaultID))
	line("backend", e.Backend)
	line("query", e.Query)
	line("last value", fmtValue(e.Last))
	line("stages", stagesText(e))
	line("error", e.Error)
	p := &junitProblem{Message: e.Why, Text: b.String()}
	if e.Status == assertions.Fail {
		p.Type = "assertion failed"
		c.Failure = p
	} else {
		p.Type = "could not evaluate"
		c.Error = p
	}
	return c
}

// faultCase passes when the fault's revert was confirmed; one that never
// took effect is an error (nothing judged it).
func faultCase(f Fault) junitCase {
	c := junitCase{Name: fmt.Sprintf("%s (%s) reverted", f.Label(), f.ID), ClassName: "faults." + f.Kind}
	if !f.InjectedAt.IsZero() && f.End().After(f.InjectedAt) {
		c.secs = f.End().Sub(f.InjectedAt).Seconds()
	}
	switch f.State {
	case FaultNotReverted:
		msg := fmt.Sprintf("fault %s (%s) was not reverted: %s", f.ID, f.Label(), or(f.Error, "its revert failed"))
		c.Failure = &junitProblem{Message: msg, Type: "fault not reverted", Text: msg}
	case FaultUnconfirmed:
		msg := fmt.Sprintf("fault %s (%s): the event log ends before its revert was confirmed", f.ID, f.Label())
		c.Failure = &junitProblem{Message: msg, Type: "fault not reverted", Text: msg}
	case FaultNotEffective:
		msg := fmt.Sprintf("fault %s (%s) never took effect: %s", f.ID, f.Label(), or(f.Error, "its effect was not confirmed"))
		c.Error = &junitProblem{Message: msg, Type: "fault not effective", Text: msg}
	}
	return c
}

// scenarioGroup is the results of one scenario.
type scenarioGroup struct {
	name    string
	results []assertions.Entry
}

// byScenario groups the results by scenario, in order of first result.
func (r *Run) byScenario() []scenarioGroup {
	var out []scenarioGroup
	at := map[string]int{}
	for _, e := range r.Results {
		name := or(e.Scenario, defaultScenario)
		i, ok := at[name]
		if !ok {
			i = len(out)
			at[name] = i
			out = append(out, scenarioGroup{name: name})
		}
		out[i].results = append(out[i].results, e)
	}
	return out
}

// fault is the fault with id.
func (r *Run) fault(id string) (Fault, bool) {
	for _, f := range r.Faults {
		if f.ID == id {
			return f, true
		}
	}
	return Fault{}, false
}

// faultText is "latency-1 (latency on downstream)", or the bare id of a
// fault the event log does not hold.
func (r *Run) faultText(id string) string {
	if id == "" {
		return ""
	}
	if f, ok := r.fault(id); ok {
		return fmt.Sprintf("%s (%s)", id, f.Label())
	}
	return id
}
