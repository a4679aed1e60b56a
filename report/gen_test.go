package report

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/faults"
)

// gen rewrites the inputs of the testdata runs: go test ./report -run
// TestGenerateRuns -gen. They are synthetic but shaped as a suite run on
// the embedded stack writes them.
var gen = flag.Bool("gen", false, "rewrite the testdata runs' inputs")

// t0 is the start of every synthetic run.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

func TestGenerateRuns(t *testing.T) {
	if !*gen {
		t.Skip("-gen rewrites the testdata runs")
	}
	for name, run := range map[string]synthRun{
		"pass":        passRun(),
		"fail":        failRun(),
		"error":       errorRun(),
		"notreverted": notRevertedRun(),
	} {
		if err := run.write(filepath.Join("testdata", "runs", name)); err != nil {
			t.Fatal(err)
		}
	}
}

type synthRun struct {
	events     []faults.Event
	results    []assertions.Entry
	summary    map[string]any
	timeline   *Timeline
	mutations  *Mutations
	noSummary  bool
	brokenLine bool
}

func (s synthRun) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	lines := func(name string, n int, item func(i int) any) error {
		var b []byte
		for i := range n {
			x, err := json.Marshal(item(i))
			if err != nil {
				return err
			}
			b = append(append(b, x...), '\n')
		}
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	if err := lines(EventsFile, len(s.events), func(i int) any { return s.events[i] }); err != nil {
		return err
	}
	if err := lines(AssertionsFile, len(s.results), func(i int) any { return s.results[i] }); err != nil {
		return err
	}
	if s.brokenLine {
		f, err := os.OpenFile(filepath.Join(dir, AssertionsFile), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString(`{"name":"logsComplete","subject":"logsComplete(trace_id of 500 calls)","sta`)
		f.Close()
		if err != nil {
			return err
		}
	}
	write := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644)
	}
	if !s.noSummary {
		if err := write(SummaryFile, s.summary); err != nil {
			return err
		}
	}
	if s.timeline != nil {
		if err := write(TimelineFile, s.timeline); err != nil {
			return err
		}
	}
	if s.mutations != nil {
		if err := write(MutationsFile, s.mutations); err != nil {
			return err
		}
	}
	return nil
}

// faultEvents is a fault's life: inject, effective, a renewal, revert
// and its end (reverted, not_reverted, or nothing: a killed run).
func faultEvents(id, kind, target string, spec any, from, to float64, end string, errText string) []faults.Event {
	base := faults.Event{ID: id, Kind: kind, Target: target, InjectedAt: at(from)}
	inject := base
	inject.Event, inject.Time, inject.Spec = faults.EventInject, at(from), spec
	eff := base
	eff.Event, eff.Time, eff.EffectiveAt = faults.EventEffective, at(from+0.41), at(from+0.41)
	base.EffectiveAt = eff.EffectiveAt
	renew := base
	renew.Event, renew.Time = faults.EventRenew, at(from+10)
	out := []faults.Event{inject, eff, renew}
	if end == "" {
		return out
	}
	rev := base
	rev.Event, rev.Time = faults.EventRevert, at(to)
	last := base
	last.Event, last.Time = end, at(to+0.38)
	if end == faults.EventReverted {
		last.RevertedAt = last.Time
	}
	last.Error = errText
	return append(out, rev, last)
}

func sweep() faults.Event {
	return faults.Event{Event: faults.EventSweep, Time: at(0.1), Detail: "no leftover leases from earlier runs"}
}

// stages are alert stages at offsets after since.
func stages(since float64, offs ...float64) []assertions.Stage {
	names := []string{assertions.StagePending, assertions.StageFiring, assertions.StageAlertmanager, assertions.StageWebhook}
	var out []assertions.Stage
	for i, o := range offs {
		out = append(out, assertions.Stage{Name: names[i], At: at(since + o), After: time.Duration(o * float64(time.Second)), ObservedAt: at(since + o + 0.4)})
	}
	return out
}

func entry(scenario, name, subject string, status assertions.Status, why string, start, end float64) assertions.Entry {
	return assertions.Entry{Result: assertions.Result{
		Name: name, Subject: subject, Status: status, Why: why, Backend: "prometheus",
		Started: at(start), Ended: at(end), Polls: int(end-start) + 1, Scenario: scenario,
	}}
}

func fires(scenario, alert, faultID string, since float64, offs ...float64) assertions.Entry {
	e := entry(scenario, "alertFires", "alertFires("+alert+")", assertions.Pass, "", since, since+offs[len(offs)-1]+0.4)
	e.Since, e.FaultID, e.Stages = at(since), faultID, stages(since, offs...)
	e.HeldAt = e.Stages[len(e.Stages)-1].At
	e.Query = `ALERTS{alertname="` + alert + `"}`
	e.Why = alert + " reached webhook at " + e.HeldAt.Format(time.RFC3339Nano)
	e.Last = map[string]any{"labels": map[string]string{"alertname": alert, "severity": "warning"}, "activeAt": e.Stages[0].At, "firingAt": e.Stages[1].At}
	return e
}

func resolves(scenario, alert, faultID string, since, after float64) assertions.Entry {
	e := entry(scenario, "alertResolves", "alertResolves("+alert+")", assertions.Pass, alert+" resolved "+fmtAfter(time.Duration(after*float64(time.Second)))+" after the revert (keep_firing_for 5s honoured)", since, since+after+0.5)
	e.Since, e.FaultID, e.HeldAt = at(since), faultID, at(since+after)
	e.Stages = []assertions.Stage{{Name: assertions.StageResolved, At: at(since + after), After: time.Duration(after * float64(time.Second)), ObservedAt: at(since + after + 0.5)}}
	e.Query = `ALERTS{alertname="` + alert + `"}`
	e.Last = "inactive"
	return e
}

func logsComplete(scenario, faultID string, since, start, end float64, sent, found int, missing []string) assertions.Entry {
	status, why := assertions.Pass, "all 500 calls have their log line, none twice; ingest lag p50 0.41s, p99 1.9s"
	if found < sent {
		status, why = assertions.Fail, "7 of 500 calls have no log line after 60s: the shipper lost lines written during the outage"
	}
	e := entry(scenario, "logsComplete", "logsComplete(trace_id of 500 calls)", status, why, start, end)
	e.Backend, e.FaultID = "victorialogs", faultID
	if since > 0 {
		e.Since = at(since)
		if status == assertions.Pass {
			e.HeldAt = at(end - 0.3)
		}
	}
	e.Query = `trace_id:in("4bf92f3577b34da6a3ce929d0e0e4736", …) | stats by (trace_id) count() n`
	e.Last = found
	e.Details = map[string]any{"sent": sent, "found": found, "missing": missing, "duplicated": 0, "lagP50": "410ms", "lagP99": "1.9s"}
	return e
}

func baselineResults() []assertions.Entry {
	quiet := entry("baseline", "noAlertsFire", "noAlertsFire()", assertions.Pass, "no alert fired between 10:00:00 and 10:00:28 (MCPChaosWatchdog excepted)", 0, 28.2)
	quiet.Query = `ALERTS{alertstate="firing"}`
	quiet.Last = 0
	probe := entry("baseline", "queryHolds", `queryHolds(probe_success{job="mcp-probe"} == 1, for 20s)`, assertions.Pass, "held for 20s from 10:00:02", 0, 22.1)
	probe.Query, probe.Last, probe.HeldAt = `probe_success{job="mcp-probe"} == 1`, 1.0, at(22)
	return []assertions.Entry{quiet, logsComplete("baseline", "", 0, 0, 27.6, 500, 500, []string{}), probe}
}

func latencyResults() []assertions.Entry {
	p95 := entry("downstream-latency", "queryHolds", "queryHolds(p95 tool latency > 400ms, for 10s)", assertions.Pass, "held for 10s from 10:00:44", 30.4, 54.6)
	p95.Query = `histogram_quantile(0.95, sum by (le) (rate(mcp_tool_duration_seconds_bucket[30s]))) > 0.4`
	p95.Last, p95.Since, p95.HeldAt, p95.FaultID = 0.547, at(30), at(44.2), "latency-1"
	return []assertions.Entry{
		fires("downstream-latency", "MCPToolHighLatency", "latency-1", 30, 6.1, 16.1, 16.15, 17.35),
		p95,
		resolves("downstream-latency", "MCPToolHighLatency", "latency-1", 75, 22.4),
	}
}

func shipperResults(found int) []assertions.Entry {
	var missing []string
	for i := range 500 - found {
		missing = append(missing, "trace-"+string(rune('a'+i))+"91c")
	}
	return []assertions.Entry{
		fires("shipper-outage", "MCPLogPipelineStalled", "stop-2", 100, 9.2, 14.2, 14.26, 15.5),
		logsComplete("shipper-outage", "stop-2", 100, 141, 178.5, 500, found, missing),
	}
}

func suiteFaults(latencyEnd, stopEnd, stopErr string) []faults.Event {
	ev := []faults.Event{sweep()}
	ev = append(ev, faultEvents("latency-1", faults.KindLatency, "downstream", map[string]any{"target": "downstream", "latency": "500ms", "duration": "45s"}, 30, 75, latencyEnd, "")...)
	ev = append(ev, faultEvents("stop-2", faults.KindStop, "otelcol", map[string]any{"target": "otelcol", "duration": "40s"}, 100, 140, stopEnd, stopErr)...)
	return ev
}

func summaryDoc(checksPass, checksFail int, crossed bool) map[string]any {
	rate := float64(checksPass) / float64(checksPass+checksFail)
	return map[string]any{
		"root_group": map[string]any{"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e", "groups": map[string]any{}, "checks": map[string]any{}},
		"metrics": map[string]any{
			"checks{kind:assertion}": map[string]any{"passes": checksPass, "fails": checksFail, "value": rate, "thresholds": map[string]bool{"rate==1": checksFail > 0}},
			"mcp_tool_duration":      map[string]any{"avg": 61.2, "med": 41.5, "min": 3.1, "max": 1040.7, "p(90)": 512.3, "p(95)": 533.9, "thresholds": map[string]bool{"p(95)<800": false}},
			"mcp_request_errors":     errorsMetric(crossed),
			"iterations":             map[string]any{"count": 3600, "rate": 20},
		},
	}
}

// errorsMetric has a threshold crossed, or one that holds.
func errorsMetric(crossed bool) map[string]any {
	m := map[string]any{"count": 12, "rate": 0.066, "thresholds": map[string]bool{"count<50": false}}
	if crossed {
		m["thresholds"] = map[string]bool{"count<10": true}
	}
	return m
}

// synthTimeline is what Collect would read for the suite: a latency
// fault from 30s to 75s, a shipper outage from 100s to 140s.
func synthTimeline(errorsCounted, outage bool) *Timeline {
	step := time.Second
	tl := &Timeline{From: at(-20), To: at(200), Step: step, AlertsQuery: DefaultQueries().Alerts}
	tl.Alerts = []AlertTrack{
		{Name: "MCPToolHighLatency", Labels: map[string]string{"severity": "warning"}, Intervals: []Interval{
			{State: StatePending, Start: at(36.1), End: at(46.1)}, {State: StateFiring, Start: at(46.1), End: at(97.4)}}},
		{Name: "MCPLogPipelineStalled", Labels: map[string]string{"severity": "critical"}, Intervals: []Interval{
			{State: StatePending, Start: at(109.2), End: at(114.2)}, {State: StateFiring, Start: at(114.2), End: at(146)}}},
		{Name: "MCPChaosComponentDown", Labels: map[string]string{"component": "otelcol", "severity": "warning"}, Intervals: []Interval{
			{State: StatePending, Start: at(101), End: at(106)}, {State: StateFiring, Start: at(106), End: at(141)}}},
	}
	if !outage {
		tl.Alerts = tl.Alerts[:1]
	}
	series := func(f func(s float64) (float64, bool)) []assertions.Series {
		var pts []assertions.Point
		for s := -20.0; s <= 200; s++ {
			if v, ok := f(s); ok {
				pts = append(pts, assertions.Point{Time: at(s), Value: math.Round(v*1e5) / 1e5})
			}
		}
		return []assertions.Series{{Labels: map[string]string{}, Points: pts}}
	}
	noise := func(s, a float64) float64 {
		return a * (math.Sin(s*0.23) + 0.6*math.Sin(s*0.71+1) + 0.3*math.Sin(s*1.9)) / 1.9
	}
	ramp := func(s, start, end float64) float64 { // 0 → 1 over a 30s rate window
		return math.Max(0, math.Min(1, (s-start)/30)) - math.Max(0, math.Min(1, (s-end)/30))
	}
	q := DefaultQueries()
	tl.Panels = []Panel{
		{ID: "probe", Title: "Probe success", Unit: UnitUp, Lines: []Line{{Name: "probe", Query: q.ProbeSuccess, Series: series(func(s float64) (float64, bool) {
			if s >= 52 && s < 58 { // the latency pushed one probe past its timeout
				return 0, true
			}
			return 1, true
		})}}},
		{ID: "latency", Title: "Tool latency p95", Unit: UnitSeconds, Lines: []Line{{Name: "p95", Query: q.LatencyP95, Series: series(func(s float64) (float64, bool) {
			return 0.046 + noise(s, 0.006) + 0.5*ramp(s, 30, 75), true
		})}}},
		{ID: "errors", Title: "Tool error rate", Unit: UnitRatio, Lines: []Line{{Name: "errors", Query: q.ErrorRate, Series: series(func(s float64) (float64, bool) {
			if !errorsCounted {
				return 0, true
			}
			return math.Max(0, 0.004+noise(s, 0.003)), true
		})}}},
		{ID: "ingest", Title: "Log lines per second", Unit: UnitPerSecond, Lines: []Line{
			{Name: "shipped", Query: q.LogsShipped, Series: series(func(s float64) (float64, bool) {
				if !outage {
					return 40 + noise(s, 3), true
				}
				if s >= 100 && s < 141 {
					return 0, s < 101 || s > 131 // the collector is down: no series
				}
				return 40 + noise(s, 3) + 120*math.Max(0, 1-math.Abs(s-146)/6), true
			})},
			{Name: "ingested", Query: q.LogsIngested, Series: series(func(s float64) (float64, bool) {
				if !outage {
					return 40 + noise(s+0.5, 3), true
				}
				if s >= 100.5 && s < 141.5 {
					return 0, true
				}
				return 40 + noise(s+0.5, 3) + 118*math.Max(0, 1-math.Abs(s-146.6)/6), true
			})},
		}},
	}
	return tl
}

func passRun() synthRun {
	results := append(append(baselineResults(), latencyResults()...), shipperResults(500)...)
	return synthRun{
		events:   suiteFaults(faults.EventReverted, faults.EventReverted, ""),
		results:  results,
		summary:  summaryDoc(len(results), 0, false),
		timeline: synthTimeline(true, true),
	}
}

// failRun is the suite against a server whose metrics never count
// errors: the error-rate alert does not fire, and the log line check of
// the outage finds lines missing.
func failRun() synthRun {
	results := append(baselineResults(), latencyResults()...)
	errFires := entry("downstream-errors", "alertFires", "alertFires(MCPToolHighErrorRate)", assertions.Fail,
		"MCPToolHighErrorRate did not fire within 45s of the errors fault; the error rate stayed at 0: does mcp_tool_calls_total count status=\"error\"?", 100, 145.2)
	errFires.Since, errFires.FaultID, errFires.Last = at(100), "errors-2", 0.0
	errFires.Query = `sum(rate(mcp_tool_calls_total{status="error"}[30s])) / sum(rate(mcp_tool_calls_total[30s]))`
	results = append(results, errFires)
	ev := []faults.Event{sweep()}
	ev = append(ev, faultEvents("latency-1", faults.KindLatency, "downstream", map[string]any{"target": "downstream", "latency": "500ms", "duration": "45s"}, 30, 75, faults.EventReverted, "")...)
	ev = append(ev, faultEvents("errors-2", faults.KindErrors, "downstream", map[string]any{"target": "downstream", "rate": 0.5, "duration": "40s"}, 100, 140, faults.EventReverted, "")...)
	return synthRun{
		events:   ev,
		results:  results,
		summary:  summaryDoc(len(results)-1, 1, true),
		timeline: synthTimeline(false, false),
		mutations: &Mutations{Mutations: []Mutation{
			{Name: "errors-not-counted", Description: `mcp_tool_calls_total never counts status="error"`, Results: []MutationResult{
				{Assertion: "alertFires(MCPToolHighErrorRate)", Outcome: Caught, Why: "did not fire within 45s"},
				{Assertion: "alertFires(MCPToolHighLatency)", Outcome: Missed},
				{Assertion: "logsComplete(trace_id of 500 calls)", Outcome: Missed},
			}},
			{Name: "logs-drop-trace-id", Description: "log lines lose their trace_id field", Results: []MutationResult{
				{Assertion: "alertFires(MCPToolHighErrorRate)", Outcome: Missed},
				{Assertion: "alertFires(MCPToolHighLatency)", Outcome: Missed},
				{Assertion: "logsComplete(trace_id of 500 calls)", Outcome: Caught, Why: "500 of 500 calls have no log line"},
			}},
			{Name: "histogram-max-bucket-1s", Description: "the latency histogram's largest bucket is 1s", Results: []MutationResult{
				{Assertion: "alertFires(MCPToolHighErrorRate)", Outcome: Missed},
				{Assertion: "alertFires(MCPToolHighLatency)", Outcome: Missed},
				{Assertion: "logsComplete(trace_id of 500 calls)", Outcome: Missed},
			}},
		}},
	}
}

// errorRun lost VictoriaLogs half-way: the log assertions could not be
// evaluated, and the timeline's ingestion query failed too.
func errorRun() synthRun {
	results := append(baselineResults(), latencyResults()...)
	lc := entry("shipper-outage", "logsComplete", "logsComplete(trace_id of 500 calls)", assertions.Error,
		"victorialogs did not answer for 60s (unreachable)", 141, 201)
	lc.Backend, lc.FaultID, lc.Since = "victorialogs", "stop-2", at(100)
	lc.Query = `trace_id:in("4bf92f3577b34da6a3ce929d0e0e4736", …) | stats by (trace_id) count() n`
	lc.Error = `victorialogs unreachable: GET http://127.0.0.1:9428/select/logsql/stats_query: dial tcp 127.0.0.1:9428: connect: connection refused`
	results = append(results, shipperResults(500)[0], lc)
	tl := synthTimeline(true, true)
	ing := &tl.Panels[3].Lines[1]
	ing.Series = []assertions.Series{}
	ing.Error = `prometheus rejected: bad_data: invalid parameter "query": 1:6: parse error: unexpected identifier "rate"`
	return synthRun{
		events:     suiteFaults(faults.EventReverted, faults.EventReverted, ""),
		results:    results,
		summary:    summaryDoc(len(results)+1, 0, false), // the broken line's check too
		timeline:   tl,
		brokenLine: true,
	}
}

// notRevertedRun: the shipper could not be restarted, and the run was
// killed with the latency fault still on (its revert never confirmed).
func notRevertedRun() synthRun {
	results := append(baselineResults(), shipperResults(493)...)
	ev := []faults.Event{sweep()}
	ev = append(ev, faultEvents("stop-2", faults.KindStop, "otelcol", map[string]any{"target": "otelcol", "duration": "40s"}, 100, 140, faults.EventNotReverted,
		`stop fault on "otelcol": release lease: the keeper's revert failed: start otelcol: exit status 1: address 127.0.0.1:8888 already in use`)...)
	ev = append(ev, faultEvents("latency-3", faults.KindLatency, "downstream", map[string]any{"target": "downstream", "latency": "2s", "duration": "60s"}, 160, 0, "", "")...)
	tl := synthTimeline(true, true)
	tl.To = at(190)
	for i := 1; i < len(tl.Alerts); i++ { // the shipper never came back
		last := &tl.Alerts[i].Intervals[1]
		last.End, last.Open = tl.To, true
	}
	for i := range tl.Panels[3].Lines {
		pts := tl.Panels[3].Lines[i].Series[0].Points
		for j := range pts {
			if pts[j].Time.After(at(101)) {
				pts[j].Value = 0
			}
		}
	}
	return synthRun{events: ev, results: results, summary: summaryDoc(len(results)-1, 1, false), timeline: tl}
}
