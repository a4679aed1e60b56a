package report_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
	"github.com/mcpchaos/mcpchaos/report"
)

// TestCollect reads a timeline from a real Prometheus with the default
// queries: a probe that fails for a while makes an alert go pending, fire
// and resolve, at the rule evaluations' times; the probe, latency, error
// and ingestion panels have data; the always-firing watchdog stays off.
func TestCollect(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: runs a real Prometheus for about 30s")
	}
	exp := newExporter()
	t.Cleanup(exp.Close)
	base := startPrometheus(t, strings.TrimPrefix(exp.srv.URL, "http://"))
	p := prometheusClient(t, base)

	start := time.Now()
	time.Sleep(7 * time.Second)
	brokenAt := time.Now()
	exp.setBroken(true)
	time.Sleep(8 * time.Second)
	healedAt := time.Now()
	exp.setBroken(false)
	time.Sleep(9 * time.Second)
	end := time.Now()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tl, err := report.Collect(ctx, p, start, end, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if errs := tl.Errors(); len(errs) > 0 {
		t.Fatalf("queries failed: %v", errs)
	}
	t.Run("alerts", func(t *testing.T) {
		if len(tl.Alerts) != 1 || tl.Alerts[0].Name != "ReportTestProbeDown" {
			t.Fatalf("alert tracks %+v, want ReportTestProbeDown alone (the watchdog left out)", tl.Alerts)
		}
		a := tl.Alerts[0]
		if a.Labels["severity"] != "critical" || a.Labels["job"] != "mcp-probe" {
			t.Errorf("labels %v, want the alert's labels without alertname and alertstate", a.Labels)
		}
		if len(a.Intervals) != 2 || a.Intervals[0].State != report.StatePending || a.Intervals[1].State != report.StateFiring {
			t.Fatalf("intervals %+v, want pending then firing", a.Intervals)
		}
		pending, firing := a.Intervals[0], a.Intervals[1]
		if d := pending.Start.Sub(brokenAt); d < 0 || d > 5*time.Second {
			t.Errorf("pending from %s, %s after the probe broke; want within 5s (1s scrape + 1s evaluation)", pending.Start.Format(time.StampMilli), d)
		}
		if !pending.End.Equal(firing.Start) {
			t.Errorf("pending ends %s, firing starts %s: want them contiguous", pending.End, firing.Start)
		}
		if d := firing.Start.Sub(pending.Start); d < 1500*time.Millisecond || d > 4*time.Second {
			t.Errorf("fired %s after pending; the rule's for is 2s at a 1s evaluation", d)
		}
		if firing.Open {
			t.Errorf("firing still open at the end; it resolved after %s", healedAt.Format(time.StampMilli))
		}
		t.Logf("probe broke %s, healed %s; pending +%s, firing +%s, resolved %s after healing",
			brokenAt.Format(time.StampMilli), healedAt.Format(time.StampMilli),
			pending.Start.Sub(brokenAt).Round(time.Millisecond), firing.Start.Sub(brokenAt).Round(time.Millisecond), firing.End.Sub(healedAt).Round(time.Millisecond))
		if d := firing.End.Sub(healedAt); d < 0 || d > 6*time.Second {
			t.Errorf("resolved at %s, %s after the probe healed; want within 6s", firing.End.Format(time.StampMilli), d)
		}
	})
	panels := map[string]report.Panel{}
	for _, pn := range tl.Panels {
		panels[pn.ID] = pn
	}
	values := func(id string, line int) []float64 {
		pn, ok := panels[id]
		if !ok || len(pn.Lines) <= line {
			t.Fatalf("no panel %q line %d in %+v", id, line, tl.Panels)
		}
		var out []float64
		for _, s := range pn.Lines[line].Series {
			for _, pt := range s.Points {
				out = append(out, pt.Value)
			}
		}
		return out
	}
	tests := []struct {
		panel    string
		line     int
		min, max [2]float64 // the smallest and largest value must fall in these ranges
	}{
		{"probe", 0, [2]float64{0, 0}, [2]float64{1, 1}},
		{"latency", 0, [2]float64{0.005, 0.06}, [2]float64{0.5, 2}},
		{"errors", 0, [2]float64{0, 0}, [2]float64{0.1, 1}},
		{"ingest", 0, [2]float64{0, 25}, [2]float64{10, 30}},
		{"ingest", 1, [2]float64{0, 25}, [2]float64{10, 30}},
	}
	for _, tc := range tests {
		t.Run(tc.panel, func(t *testing.T) {
			v := values(tc.panel, tc.line)
			if len(v) < 5 {
				t.Fatalf("%d points, want one a second over ~24s", len(v))
			}
			lo, hi := v[0], v[0]
			for _, x := range v {
				lo, hi = min(lo, x), max(hi, x)
			}
			if lo < tc.min[0] || lo > tc.min[1] || hi < tc.max[0] || hi > tc.max[1] {
				t.Errorf("values from %g to %g; want the lowest in %v, the highest in %v", lo, hi, tc.min, tc.max)
			}
		})
	}
	t.Run("rendered", func(t *testing.T) {
		dir := t.TempDir()
		ev := []faults.Event{
			{Time: brokenAt, Event: faults.EventInject, ID: "kill-1", Kind: "kill", Target: "probe", InjectedAt: brokenAt},
			{Time: healedAt, Event: faults.EventReverted, ID: "kill-1", Kind: "kill", Target: "probe", InjectedAt: brokenAt, RevertedAt: healedAt},
		}
		var lines []byte
		for _, e := range ev {
			b, _ := json.Marshal(e)
			lines = append(append(lines, b...), '\n')
		}
		if err := os.WriteFile(filepath.Join(dir, report.EventsFile), lines, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := report.SaveTimeline(dir, tl); err != nil {
			t.Fatal(err)
		}
		back, err := report.LoadTimeline(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normalize(t, back), normalize(t, tl)) {
			t.Error("timeline.json does not read back as written")
		}
		if err := report.Render(dir); err != nil {
			t.Fatal(err)
		}
		html, err := os.ReadFile(filepath.Join(dir, report.HTMLFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"ReportTestProbeDown", "<polyline", "kill on probe"} {
			if !strings.Contains(string(html), want) {
				t.Errorf("report.html lacks %q", want)
			}
		}
		if out := os.Getenv(ScreenshotsEnv); out != "" { // to look at it
			if err := os.WriteFile(filepath.Join(out, "collect.html"), html, 0o644); err != nil {
				t.Error(err)
			}
		}
	})
	t.Run("a query Prometheus rejects", func(t *testing.T) {
		q := report.DefaultQueries()
		q.LatencyP95 = "histogram_quantile(0.95, rate(" // unbalanced
		tl, err := q.Collect(ctx, p, start, end, 0)
		if err != nil {
			t.Fatal(err)
		}
		errs := tl.Errors()
		if len(errs) != 1 || !strings.Contains(errs[0], "Tool latency p95") || !strings.Contains(errs[0], "rejected") {
			t.Fatalf("errors %q, want the latency query alone, rejected", errs)
		}
		if n := panels["probe"].Points(); n == 0 || len(tl.Alerts) != 1 {
			t.Errorf("the other queries lost their data: probe %d points, %d alert tracks", n, len(tl.Alerts))
		}
	})
}

// normalize compares timelines as their JSON says (monotonic clock
// readings and location pointers aside).
func normalize(t *testing.T, tl report.Timeline) any {
	t.Helper()
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCollectUnreachable: a Prometheus that refuses connections leaves
// every series empty with its error, and Collect still returns a
// timeline the report can draw.
func TestCollectUnreachable(t *testing.T) {
	t.Parallel()
	addr, closer, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() })
	p := prometheusClient(t, "http://"+addr)
	now := time.Now()
	tl, err := report.Collect(context.Background(), p, now.Add(-time.Minute), now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tl.AlertsError, "unreachable") {
		t.Errorf("alerts error %q, want unreachable", tl.AlertsError)
	}
	if n := len(tl.Errors()); n != 6 {
		t.Errorf("%d errors, want one per query (6): %q", n, tl.Errors())
	}
	if tl.Step != time.Second {
		t.Errorf("step %s for a minute, want 1s", tl.Step)
	}
}

// TestCollectBadArguments: what Collect cannot work with is an error that
// says what to give instead.
func TestCollectBadArguments(t *testing.T) {
	t.Parallel()
	p := prometheusClient(t, "http://127.0.0.1:1")
	now := time.Now()
	tests := []struct {
		name     string
		p        *assertions.Prometheus
		from, to time.Time
		step     time.Duration
		want     string
	}{
		{"no prometheus", nil, now.Add(-time.Minute), now, 0, "set backends.prometheus.url"},
		{"empty range", p, now, now, 0, "to must be after from"},
		{"backwards", p, now, now.Add(-time.Minute), 0, "to must be after from"},
		{"negative step", p, now.Add(-time.Minute), now, -time.Second, "give a positive step"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := report.Collect(context.Background(), tc.p, tc.from, tc.to, tc.step)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}
