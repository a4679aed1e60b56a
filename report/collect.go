package report

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// Queries are the PromQL behind the timeline. Every field has a default
// for the reference server's metric names (DefaultQueries); plug in other
// names by changing a field. An empty field leaves its series out.
type Queries struct {
	// Alerts is a series selector of ALERTS, read at the rule
	// evaluations' own timestamps (not resampled at steps).
	Alerts string
	// ProbeSuccess is the synthetic probe's verdict, 1 or 0.
	ProbeSuccess string
	// LatencyP95 is the tools' p95 latency, in seconds.
	LatencyP95 string
	// ErrorRate is the share of tool calls that failed, 0..1.
	ErrorRate string
	// LogsShipped and LogsIngested are log lines per second, sent by the
	// shipper and ingested by the logs backend: their gap is the
	// pipeline losing or delaying lines.
	LogsShipped  string
	LogsIngested string
}

// DefaultQueries are the queries for the reference server and the
// embedded stack. The always-firing alerts (assertions.AlwaysFiring: dead
// man's switches) are left out of Alerts. ErrorRate counts a server that
// has not failed a call yet (no status="error" series) as 0, not as
// missing data.
func DefaultQueries() Queries {
	return Queries{
		Alerts:       fmt.Sprintf(`ALERTS{alertname!~%q}`, strings.Join(assertions.AlwaysFiring, "|")),
		ProbeSuccess: `probe_success{job="mcp-probe"}`,
		LatencyP95:   `histogram_quantile(0.95, sum by (le) (rate(mcp_tool_duration_seconds_bucket[30s])))`,
		ErrorRate:    `(sum(rate(mcp_tool_calls_total{status="error"}[30s])) or vector(0)) / sum(rate(mcp_tool_calls_total[30s]))`,
		LogsShipped:  `sum(rate(otelcol_exporter_sent_log_records_total[30s]))`,
		LogsIngested: `sum(rate(vl_rows_ingested_total[30s]))`,
	}
}

// Collect reads the timeline from from to to with DefaultQueries.
func Collect(ctx context.Context, p *assertions.Prometheus, from, to time.Time, step time.Duration) (Timeline, error) {
	return DefaultQueries().Collect(ctx, p, from, to, step)
}

// maxPoints bounds the points of one series; Prometheus refuses more
// than 11,000.
const maxPoints = 10000

// autoPoints is the resolution of a step chosen for the caller.
const autoPoints = 600

// Collect runs q's range queries from from to to at step (zero: about 600
// points, at least 1s; a step that would give more than 10,000 points is
// widened). A query that fails leaves its series empty with its error in
// the Timeline and does not stop the others; the error returned is for
// arguments Collect cannot work with.
func (q Queries) Collect(ctx context.Context, p *assertions.Prometheus, from, to time.Time, step time.Duration) (Timeline, error) {
	switch {
	case p == nil:
		return Timeline{}, errors.New("collect timeline: no Prometheus: set backends.prometheus.url in mcpchaos.yaml")
	case !to.After(from):
		return Timeline{}, fmt.Errorf("collect timeline: the range %s to %s is empty: to must be after from", from.Format(time.RFC3339), to.Format(time.RFC3339))
	case step < 0:
		return Timeline{}, fmt.Errorf("collect timeline: step %s is negative: give a positive step, or 0 to choose one", step)
	}
	step = chooseStep(to.Sub(from), step)
	t := Timeline{From: from, To: to, Step: step, Alerts: []AlertTrack{}, Panels: []Panel{}}
	if q.Alerts != "" {
		t.AlertsQuery = q.Alerts
		series, err := p.RawSamples(ctx, q.Alerts, from, to)
		if err != nil {
			t.AlertsError = err.Error()
		} else {
			t.Alerts = alertTracks(series, to, step)
		}
	}
	for _, spec := range q.panels() {
		panel := Panel{ID: spec.id, Title: spec.title, Unit: spec.unit, Lines: []Line{}}
		for _, l := range spec.lines {
			if l.query == "" {
				continue
			}
			line := Line{Name: l.name, Query: l.query, Series: []assertions.Series{}}
			series, err := p.QueryRange(ctx, l.query, from, to, step)
			if err != nil {
				line.Error = err.Error()
			} else {
				line.Series = finite(series)
			}
			panel.Lines = append(panel.Lines, line)
		}
		if len(panel.Lines) > 0 {
			t.Panels = append(t.Panels, panel)
		}
	}
	return t, nil
}

type panelSpec struct {
	id, title string
	unit      Unit
	lines     []struct{ name, query string }
}

// panels are the default panels, in the order the report draws them.
func (q Queries) panels() []panelSpec {
	one := func(name, query string) []struct{ name, query string } {
		return []struct{ name, query string }{{name, query}}
	}
	return []panelSpec{
		{"probe", "Probe success", UnitUp, one("probe", q.ProbeSuccess)},
		{"latency", "Tool latency p95", UnitSeconds, one("p95", q.LatencyP95)},
		{"errors", "Tool error rate", UnitRatio, one("errors", q.ErrorRate)},
		{"ingest", "Log lines per second", UnitPerSecond, []struct{ name, query string }{
			{"shipped", q.LogsShipped}, {"ingested", q.LogsIngested},
		}},
	}
}

// chooseStep is step, or one for about autoPoints points, widened to
// keep under maxPoints and rounded up to whole seconds (at least 1s).
func chooseStep(span, step time.Duration) time.Duration {
	if step <= 0 {
		step = span / autoPoints
	}
	step = max(step, span/maxPoints, time.Second)
	return (step + time.Second - 1).Truncate(time.Second)
}

// finite drops the points that are not numbers (NaN from 0/0 when no call
// was made, ±Inf): they are gaps, and JSON cannot hold them.
func finite(series []assertions.Series) []assertions.Series {
	out := make([]assertions.Series, 0, len(series))
	for _, s := range series {
		pts := make([]assertions.Point, 0, len(s.Points))
		for _, pt := range s.Points {
			if !math.IsNaN(pt.Value) && !math.IsInf(pt.Value, 0) {
				pts = append(pts, pt)
			}
		}
		out = append(out, assertions.Series{Labels: s.Labels, Points: pts})
	}
	return out
}
