package assertions

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/probe"
)

// Probe stages.
const (
	StageProbeFailed    = "probe_failed"
	StageProbeRecovered = "probe_recovered"
)

// DefaultProbeJob is the Prometheus job that scrapes the synthetic probe
// in the embedded stack.
const DefaultProbeJob = "mcp-probe"

// ProbeFails expects the synthetic probe (mcpchaos probe, scraped by
// Prometheus) to fail against Target after Since, within Within: a
// probe_success sample of 0, or with Phase and Reason, a
// probe_mcp_failed_phase sample naming them. Stage probe_failed is the
// scrape's own timestamp.
type ProbeFails struct {
	// Target is the probed MCP URL (the instance label); empty: any.
	Target string `json:"target"`
	// Job is the scrape job (default mcp-probe).
	Job    string        `json:"job"`
	Phase  string        `json:"phase"`
	Reason string        `json:"reason"`
	Since  time.Time     `json:"since"`
	Within time.Duration `json:"within"`
}

var _ Expectation = ProbeFails{}

func (ProbeFails) Kind() string { return "probeFails" }

func (e ProbeFails) String() string {
	var parts []string
	for _, p := range [][2]string{{"target", e.Target}, {"phase", e.Phase}, {"reason", e.Reason}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	return "probeFails(" + strings.Join(parts, ", ") + ")"
}

// Evaluate polls the probe's series.
func (e ProbeFails) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return errorResult(e, err)
	}
	if e.Phase != "" && !slices.Contains(probe.Phases(), probe.Phase(e.Phase)) {
		return errorResult(e, fmt.Errorf("%w: phase %q: use one of %v", ErrBadExpectation, e.Phase, probe.Phases()))
	}
	base := probeMatchers(e.Job, e.Target)
	metric, want := "probe_success", 0.0
	m := base
	if e.Phase != "" || e.Reason != "" {
		metric, want = "probe_mcp_failed_phase", 1
		m = copyLabels(base)
		if e.Phase != "" {
			m["phase"] = e.Phase
		}
		if e.Reason != "" {
			m["reason"] = e.Reason
		}
	}
	sel, err := selector(metric, m)
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "prometheus", e.Since)
	since := orStart(e.Since, r.Started)
	p := b.Prometheus
	awaitSamples(ctx, &r, p, sel, since, e.Within, func(ctx context.Context, series []Series) (o observation) {
		if at, ok := firstValue(series, want, since); ok {
			r.stage(StageProbeFailed, at)
			o.held, o.at, o.last = true, at, want
			o.why = fmt.Sprintf("the probe failed at %s", at.Format(time.RFC3339Nano))
			return o
		}
		o.why = e.seen(ctx, p, base, since)
		return o
	})
	return r
}

// seen says what the probe did instead of failing as expected.
func (e ProbeFails) seen(ctx context.Context, p *Prometheus, base map[string]string, since time.Time) string {
	sel, _ := selector("probe_mcp_failed_phase", base)
	if series, err := p.RawSamples(ctx, sel, since, time.Now()); err == nil && len(series) > 0 {
		var got []string
		for _, s := range series {
			got = append(got, "phase="+s.Labels["phase"]+" reason="+s.Labels["reason"])
		}
		slices.Sort(got)
		return "the probe failed, but otherwise: " + strings.Join(slices.Compact(got), "; ")
	}
	return probeState(ctx, p, base, since)
}

// ProbeRecovers expects the probe to succeed again after After (a
// fault's revertedAt) within Within, and to be succeeding still.
type ProbeRecovers struct {
	Target string        `json:"target"`
	Job    string        `json:"job"`
	After  time.Time     `json:"after"`
	Within time.Duration `json:"within"`
}

var _ Expectation = ProbeRecovers{}

func (ProbeRecovers) Kind() string { return "probeRecovers" }

func (e ProbeRecovers) String() string {
	if e.Target == "" {
		return "probeRecovers()"
	}
	return "probeRecovers(target=" + e.Target + ")"
}

// Evaluate polls probe_success.
func (e ProbeRecovers) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return errorResult(e, err)
	}
	base := probeMatchers(e.Job, e.Target)
	sel, err := selector("probe_success", base)
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "prometheus", e.After)
	after := orStart(e.After, r.Started)
	p := b.Prometheus
	awaitSamples(ctx, &r, p, sel, after, e.Within, func(ctx context.Context, series []Series) (o observation) {
		at, ok := firstValue(series, 1, after)
		if ok && lastValue(series) == 1 {
			r.stage(StageProbeRecovered, at)
			o.held, o.at, o.last = true, at, 1.0
			o.why = fmt.Sprintf("the probe succeeds again since %s", at.Format(time.RFC3339Nano))
			return o
		}
		o.why = probeState(ctx, p, base, after)
		return o
	})
	return r
}

// awaitSamples polls the raw samples of sel from from on until judge
// finds that they hold (judge's observation gets the query and backend
// errors filled in).
func awaitSamples(ctx context.Context, r *Result, p *Prometheus, sel string, from time.Time, within time.Duration, judge func(context.Context, []Series) observation) {
	await(ctx, r, within, func(ctx context.Context) observation {
		series, err := p.RawSamples(ctx, sel, from, time.Now())
		if err != nil {
			return observation{query: sel, err: err, why: err.Error()}
		}
		o := judge(ctx, series)
		o.query = sel
		return o
	})
}

// probeState is the probe's latest result in words.
func probeState(ctx context.Context, p *Prometheus, base map[string]string, since time.Time) string {
	sel, _ := selector("probe_success", base)
	series, err := p.RawSamples(ctx, sel, since, time.Now())
	switch {
	case err != nil:
		return err.Error()
	case len(series) == 0:
		return fmt.Sprintf("no %s sample since %s: is the probe scraped (job %q)?", sel, since.Format(time.RFC3339), base["job"])
	}
	return fmt.Sprintf("probe_success is %g (%d series)", lastValue(series), len(series))
}

func probeMatchers(job, target string) map[string]string {
	if job == "" {
		job = DefaultProbeJob
	}
	m := map[string]string{"job": job}
	if target != "" {
		m["instance"] = target
	}
	return m
}

// firstValue is the earliest sample equal to v at or after since.
func firstValue(series []Series, v float64, since time.Time) (time.Time, bool) {
	var first time.Time
	for _, s := range series {
		for _, p := range s.Points {
			if p.Value == v && !p.Time.Before(since) && (first.IsZero() || p.Time.Before(first)) {
				first = p.Time
			}
		}
	}
	return first, !first.IsZero()
}

// lastValue is the latest sample's value over all series (0: none).
func lastValue(series []Series) float64 {
	var at time.Time
	v := 0.0
	for _, s := range series {
		if n := len(s.Points); n > 0 && s.Points[n-1].Time.After(at) {
			at, v = s.Points[n-1].Time, s.Points[n-1].Value
		}
	}
	return v
}

func copyLabels(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
