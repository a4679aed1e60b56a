package report

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

//go:embed templates/report.html.tmpl
var templates embed.FS

// page is what report.html.tmpl draws.
type page struct {
	Name       string
	Verdict    Verdict
	Title      string
	Line       string
	ExitCode   int
	Reasons    []Reason
	MoreReason int
	Counts     Counts
	Crossed    int
	// FaultsReverted counts the faults reverted; FaultsBad says one was not.
	FaultsReverted int
	FaultsBad      bool
	Range          string
	Chart          chartView
	HasChart       bool
	Timeline       *Timeline
	Scenarios      []scenarioView
	Faults         []faultView
	Sweeps         []string
	Thresholds     []Threshold
	Matrix         *matrixView
	Problems       []string
	Notes          []string
	Errors         []string
}

type scenarioView struct {
	Name       string
	Assertions []assertionView
}

type assertionView struct {
	Status  string
	Subject string
	// Head and Tail split Subject after its "(", where it may wrap.
	Head, Tail string
	Name       string
	Fault      string
	TTD        ttdView
	Backend    string
	Query      string
	Last       string
	LastShort  string
	Why        string
	Error      string
	Details    string
	Took       string
	Polls      int
}

// ttdView is an assertion's time-to-detect as a small bar: a segment per
// stage on a scale all rows share.
type ttdView struct {
	Width, Height float64
	Segments      []svgRect
	Dots          []svgMarker
	Text          string
}

type faultView struct {
	Fault
	Bad, Warn   bool
	StateText   string
	Injected    string
	EffectAfter string
	RevertAfter string
	Spec        string
}

type matrixView struct {
	Produced, Commit string
	Rows             []matrixRow
}

type matrixRow struct {
	Name, Description, Where, Phase string
	Exit                            int
	CaughtBy, Why                   string
	Caught, Missed, Errors          int
	Survived                        bool
}

type matrixCell struct {
	Outcome string
	Why     string
}

// maxReasons is how many reasons the headline lists.
const maxReasons = 8

// HTML renders report.html, self-contained, every value escaped.
func (r *Run) HTML() ([]byte, error) {
	t, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		"f": func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) },
	}).ParseFS(templates, "templates/report.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse the report template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, r.page()); err != nil {
		return nil, fmt.Errorf("render %s: %w", HTMLFile, err)
	}
	return buf.Bytes(), nil
}

func (r *Run) page() page {
	v := r.Verdict()
	p := page{
		Name: r.Name, Verdict: v, Title: v.Title(), Line: r.Line(), ExitCode: v.ExitCode(),
		Counts: r.Counts(), Chart: r.chart(), Timeline: r.Timeline, Thresholds: r.Thresholds,
		Problems: r.Problems, Notes: r.Notes, Crossed: r.crossed(), FaultsReverted: r.reverted(),
	}
	p.FaultsBad = p.FaultsReverted < len(r.Faults)
	p.Reasons = r.Reasons()
	if len(p.Reasons) > maxReasons {
		p.MoreReason = len(p.Reasons) - maxReasons
		p.Reasons = p.Reasons[:maxReasons]
	}
	from, to := r.axisRange()
	p.Range = fmt.Sprintf("%s – %s UTC (%s)", from.UTC().Format("2006-01-02 15:04:05"), to.UTC().Format("15:04:05"), fmtDuration(to.Sub(from)))
	p.HasChart = len(r.Faults) > 0 || len(r.Results) > 0 || r.Timeline != nil
	if r.Timeline != nil {
		p.Errors = r.Timeline.Errors()
	}
	scale := r.ttdScale()
	for _, g := range r.byScenario() {
		sv := scenarioView{Name: g.name}
		for _, e := range g.results {
			sv.Assertions = append(sv.Assertions, r.assertionView(e, scale))
		}
		p.Scenarios = append(p.Scenarios, sv)
	}
	for _, f := range r.Faults {
		p.Faults = append(p.Faults, faultView{
			Fault: f, Bad: !f.Reverted(), Warn: f.State == FaultNotEffective, StateText: stateText(f),
			Injected: fmtClock(f.InjectedAt), EffectAfter: afterOf(f.InjectedAt, f.EffectiveAt), RevertAfter: afterOf(f.InjectedAt, f.RevertedAt),
			Spec: fmtValue(f.Spec),
		})
	}
	for _, s := range r.Sweeps {
		p.Sweeps = append(p.Sweeps, fmt.Sprintf("%s %s", fmtClock(s.Time), or(s.Detail, s.Error)))
	}
	if r.Mutations != nil {
		p.Matrix = matrix(*r.Mutations)
	}
	return p
}

func (r *Run) assertionView(e assertions.Entry, scale time.Duration) assertionView {
	v := assertionView{
		Status: string(e.Status), Subject: subject(e), Name: e.Name, Fault: r.faultText(e.FaultID),
		TTD: ttd(e, scale), Backend: e.Backend, Query: e.Query, Last: fmtValue(e.Last), Why: e.Why, Error: e.Error, Polls: e.Polls,
	}
	v.Head, v.Tail = v.Subject, ""
	if i := strings.IndexByte(v.Subject, '('); i >= 0 {
		v.Head, v.Tail = v.Subject[:i+1], v.Subject[i+1:]
	}
	v.LastShort = clip(v.Last, 160)
	if !e.Started.IsZero() && e.Ended.After(e.Started) {
		v.Took = fmtDuration(e.Ended.Sub(e.Started))
	}
	if e.Details != nil {
		if b, err := json.MarshalIndent(e.Details, "", "  "); err == nil {
			v.Details = string(b)
		}
	}
	return v
}

// detectStages are an entry's time-to-detect stages: its own, or one
// "held" stage for a passing expectation that says only when it held.
func detectStages(e assertions.Entry) []assertions.Stage {
	if len(e.Stages) > 0 || e.Since.IsZero() || e.HeldAt.IsZero() || e.Status != assertions.Pass {
		return e.Stages
	}
	return []assertions.Stage{{Name: "held", At: e.HeldAt, After: e.HeldAt.Sub(e.Since)}}
}

// ttdScale is the longest time-to-detect of the run (or the longest wait
// of one that never held), the scale of every row's bar.
func (r *Run) ttdScale() time.Duration {
	m := time.Second
	for _, e := range r.Results {
		for _, s := range detectStages(e) {
			m = max(m, s.After)
		}
		if e.Status != assertions.Pass && !e.Since.IsZero() {
			m = max(m, e.Ended.Sub(e.Since))
		}
	}
	return m
}

// ttdWidth and ttdHeight are the time-to-detect bar's size.
const (
	ttdWidth  = 220.0
	ttdHeight = 18.0
)

func ttd(e assertions.Entry, scale time.Duration) ttdView {
	v := ttdView{Width: ttdWidth, Height: ttdHeight}
	stages := detectStages(e)
	x := func(d time.Duration) float64 {
		return 4 + max(0, min(1, float64(d)/float64(scale)))*(ttdWidth-8)
	}
	mid := ttdHeight / 2
	if e.Since.IsZero() {
		v.Text = stagesText(e)
		return v
	}
	prev := time.Duration(0)
	for _, s := range stages {
		v.Segments = append(v.Segments, svgRect{X: x(prev), Y: mid - 3, W: max(1, x(s.After)-x(prev)), H: 6, Fill: stageColor(s.Name), Title: s.Name + " " + fmtAfter(s.After)})
		v.Dots = append(v.Dots, svgMarker{X: x(s.After), Y: mid, Fill: stageColor(s.Name), Title: s.Name + " " + fmtAfter(s.After)})
		prev = s.After
	}
	if e.Status != assertions.Pass && e.Ended.After(e.Since) {
		waited := e.Ended.Sub(e.Since)
		v.Segments = append(v.Segments, svgRect{X: x(prev), Y: mid - 1, W: max(1, x(waited)-x(prev)), H: 2, Fill: statusColor(e.Status), Title: "waited " + fmtAfter(waited)})
		if len(stages) == 0 {
			v.Text = "not seen in " + fmtDuration(waited)
		}
	}
	if len(stages) > 0 {
		v.Text = stagesText(assertions.Entry{Result: assertions.Result{Since: e.Since, Stages: stages}})
	}
	return v
}

// stageColor colours a stage; the alert stages as the timeline does.
func stageColor(name string) string {
	switch name {
	case assertions.StagePending:
		return colorPending
	case assertions.StageFiring:
		return colorFiring
	case assertions.StageAlertmanager:
		return "#7c3aed"
	case assertions.StageWebhook:
		return "#2563eb"
	case assertions.StageResolved:
		return colorOK
	}
	return "#0891b2"
}

func matrix(ms Mutations) *matrixView {
	m := &matrixView{Commit: ms.Commit}
	if !ms.Produced.IsZero() {
		m.Produced = ms.Produced.UTC().Format("2006-01-02 15:04 MST")
	}
	for _, mu := range ms.Mutations {
		row := matrixRow{Name: mu.Name, Description: mu.Description, Where: mu.Where, Phase: mu.Phase, Exit: mu.Exit,
			Caught: mu.Caught(), Missed: mu.Count(Missed), Errors: mu.Count(OutcomeError)}
		if c, ok := mu.Catch(); ok {
			row.CaughtBy, row.Why = c.Assertion, c.Why
		} else {
			row.Survived = true
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}
