package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// Markdown renders summary.md for a GitHub job summary: the verdict, what
// keeps it from passing, the assertions with their time-to-detect stages,
// the faults and the thresholds.
func (r *Run) Markdown() ([]byte, error) {
	var b strings.Builder
	v := r.Verdict()
	fmt.Fprintf(&b, "## %s mcpchaos %s: %s\n\n", statusIcon(v), mdText(r.Name), v.Title())
	fmt.Fprintf(&b, "**%s**\n\n", mdText(r.Line()))
	if reasons := r.Reasons(); len(reasons) > 0 {
		b.WriteString("### Why\n\n")
		for _, x := range reasons {
			fmt.Fprintf(&b, "- %s\n", mdText(x.Text))
		}
		b.WriteString("\n")
	}
	r.mdAssertions(&b)
	r.mdFailures(&b)
	r.mdFaults(&b)
	r.mdThresholds(&b)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "> %s\n", mdText(n))
	}
	return []byte(b.String()), nil
}

func (r *Run) mdAssertions(b *strings.Builder) {
	if len(r.Results) == 0 {
		b.WriteString("### Assertions\n\nNo assertion results.\n\n")
		return
	}
	stages := stageNames(r.Results)
	b.WriteString("### Assertions\n\n")
	head := append(append([]string{"", "Scenario", "Assertion", "Fault"}, stages...), "Observed", "Why")
	mdRow(b, head)
	mdRow(b, repeat("---", len(head)))
	for _, e := range r.Results {
		row := []string{statusIcon(e.Status), mdText(or(e.Scenario, defaultScenario)), mdCode(subject(e)), mdText(r.faultText(e.FaultID))}
		for _, name := range stages {
			cell := ""
			if s, ok := e.Stage(name); ok {
				cell = fmtAfter(s.After)
				if e.Since.IsZero() {
					cell = fmtClock(s.At)
				}
			}
			row = append(row, cell)
		}
		row = append(row, mdText(fmtValue(e.Last)), mdText(e.Why))
		mdRow(b, row)
	}
	b.WriteString("\n")
}

// mdFailures spells out each assertion that did not pass: what it
// judged, the query behind it, the value last seen and the error.
func (r *Run) mdFailures(b *strings.Builder) {
	var failed []assertions.Entry
	for _, e := range r.Results {
		if e.Status != assertions.Pass {
			failed = append(failed, e)
		}
	}
	if len(failed) == 0 {
		return
	}
	b.WriteString("### Failures\n\n")
	for _, e := range failed {
		where := or(e.Scenario, defaultScenario)
		if f := r.faultText(e.FaultID); f != "" {
			where += "; fault " + f
		}
		fmt.Fprintf(b, "%s **%s** (%s): %s\n\n", statusIcon(e.Status), mdText(subject(e)), mdText(where), mdText(e.Why))
		var body strings.Builder
		for _, kv := range [][2]string{{"backend", e.Backend}, {"query", e.Query}, {"last value", fmtValue(e.Last)}, {"stages", stagesText(e)}, {"error", e.Error}} {
			if kv[1] != "" {
				fmt.Fprintf(&body, "%s: %s\n", kv[0], kv[1])
			}
		}
		if body.Len() > 0 {
			fence := "```"
			for strings.Contains(body.String(), fence) {
				fence += "`"
			}
			fmt.Fprintf(b, "%s\n%s%s\n\n", fence, body.String(), fence)
		}
	}
}

func (r *Run) mdFaults(b *strings.Builder) {
	if len(r.Faults) == 0 {
		return
	}
	b.WriteString("### Faults\n\n")
	mdRow(b, []string{"", "Fault", "Kind", "Target", "Injected (UTC)", "In effect after", "Reverted after", "State"})
	mdRow(b, repeat("---", 8))
	for _, f := range r.Faults {
		icon := "✅"
		switch f.State {
		case FaultNotReverted, FaultUnconfirmed:
			icon = "🛑"
		case FaultNotEffective:
			icon = "⚠️"
		}
		mdRow(b, []string{icon, mdCode(f.ID), mdText(f.Kind), mdText(f.Target), fmtClock(f.InjectedAt),
			afterOf(f.InjectedAt, f.EffectiveAt), afterOf(f.InjectedAt, f.RevertedAt), mdText(stateText(f))})
	}
	b.WriteString("\n")
}

func (r *Run) mdThresholds(b *strings.Builder) {
	if len(r.Thresholds) == 0 {
		return
	}
	b.WriteString("### Thresholds\n\n")
	mdRow(b, []string{"", "Metric", "Threshold", "Observed"})
	mdRow(b, repeat("---", 4))
	for _, t := range r.Thresholds {
		icon := "✅"
		if t.Crossed {
			icon = "❌"
		}
		mdRow(b, []string{icon, mdCode(t.Metric), mdCode(t.Expr), mdText(t.Observed)})
	}
	b.WriteString("\n")
}

// stageNames are the stages the results reached, alert stages first in
// their order, then any other in order of appearance.
func stageNames(results []assertions.Entry) []string {
	order := []string{assertions.StagePending, assertions.StageFiring, assertions.StageAlertmanager, assertions.StageWebhook, assertions.StageResolved}
	seen := map[string]bool{}
	var extra []string
	for _, e := range results {
		for _, s := range e.Stages {
			if !seen[s.Name] && !slices.Contains(order, s.Name) {
				extra = append(extra, s.Name)
			}
			seen[s.Name] = true
		}
	}
	var out []string
	for _, n := range order {
		if seen[n] {
			out = append(out, n)
		}
	}
	return append(out, extra...)
}

// stateText is a fault's state in words.
func stateText(f Fault) string {
	switch f.State {
	case FaultReverted:
		return "reverted"
	case FaultNotEffective:
		return "never took effect (reverted)"
	case FaultNotReverted:
		return "NOT REVERTED: " + or(f.Error, "its revert failed")
	}
	return "NOT REVERTED: revert never confirmed"
}

func statusIcon[S ~string](s S) string {
	switch string(s) {
	case string(VerdictPass): // assertions.Pass too
		return "✅"
	case string(VerdictFail): // assertions.Fail too
		return "❌"
	case string(VerdictError): // assertions.Error too
		return "⚠️"
	}
	return "🛑"
}

func mdRow(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// mdReplacer escapes text for a Markdown table cell: Markdown's own
// characters, HTML (GitHub renders it) and the cell's pipe; newlines
// become spaces.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`, "\r\n", " ", "\n", " ", "\r", " ",
)

func mdText(s string) string { return mdReplacer.Replace(s) }

// mdCode is s as a code span in a table cell: the pipe still needs its
// backslash there; a backtick in s falls back to escaped text.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	if strings.Contains(s, "`") {
		return mdText(s)
	}
	s = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	return "`" + s + "`"
}
