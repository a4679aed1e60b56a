package assertionsjs_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// jsResult is the JS result object, as JSON.
type jsResult struct {
	Name, Subject, Status, Why, Backend, Query string
	Passed                                     bool
	Last                                       any
	Since, HeldAt, StartedAt, EndedAt          *int64
	Stages                                     []struct {
		Name    string
		At      int64
		AfterMs float64
	}
	FaultID *string
	Error   *string
	Polls   int
}

// TestQueryHolds: a query that holds passes, one that never holds fails
// naming its last value, and each is recorded as a check tagged
// kind:assertion, assertion:queryHolds and check:<subject>, counted in
// the summary's group tree, and as a line of the results file; a fail is
// no verdict of its own.
func TestQueryHolds(t *testing.T) {
	url := prometheusURL(t)
	tests := []struct {
		name, src  string
		wantStatus string
		wantWhy    string
	}{
		{"holds", `assertions.queryHolds('vector(1) == 1', {within: '10s'})`, "pass", "last value 1"},
		{"a real series holds", `assertions.queryHolds('up{job="prometheus"} == 1', {within: '20s'})`, "pass", `job="prometheus"`},
		{"never holds", `assertions.queryHolds('vector(3) > 5', {within: 1500})`, "fail", "did not hold within 1.5s: last value empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, promBackends(url))
			f.vu.StartIteration(map[string]string{"scenario": "default"})
			f.run(t, `var r = `+tc.src)
			var r jsResult
			f.json(t, `r`, &r)
			if r.Status != tc.wantStatus || r.Passed != (tc.wantStatus == "pass") || !strings.Contains(r.Why, tc.wantWhy) {
				t.Fatalf("result %+v, want %s with why containing %q", r, tc.wantStatus, tc.wantWhy)
			}
			if r.Name != "queryHolds" || !strings.HasPrefix(r.Subject, "queryHolds(") || r.Backend != "prometheus" || r.Query == "" || r.Polls < 1 || r.StartedAt == nil || r.EndedAt == nil {
				t.Errorf("result %+v lacks its identity, query or times", r)
			}
			cs := f.checks()
			if len(cs) != 1 {
				t.Fatalf("%d check samples, want 1", len(cs))
			}
			want := map[string]string{"kind": "assertion", "assertion": "queryHolds", "check": r.Subject, "scenario": "default"}
			for k, v := range want {
				if cs[0].tags[k] != v {
					t.Errorf("check tag %s = %q, want %q (tags %v)", k, cs[0].tags[k], v, cs[0].tags)
				}
			}
			if wantV := map[string]float64{"pass": 1}[tc.wantStatus]; cs[0].value != wantV {
				t.Errorf("check value %v, want %v", cs[0].value, wantV)
			}
			gc := f.vu.root.Checks()
			if len(gc) != 1 || gc[0].Name != r.Subject || gc[0].Passes()+gc[0].Fails() != 1 || (gc[0].Passes() == 1) != r.Passed {
				t.Errorf("summary checks %+v, want one %q counted once", gc, r.Subject)
			}
			es := entries(t, f.results)
			if len(es) != 1 || es[0].Subject != r.Subject || string(es[0].Status) != r.Status || es[0].Why != r.Why {
				t.Errorf("results file %+v, want the one result", es)
			}
			f.wantVerdict(t) // a fail is for thresholds
		})
	}
}

// TestTimeToDetect: a result with a since and stages gives one
// time_to_detect sample per stage, counted from since, and the fault a
// handle names is the result's.
func TestTimeToDetect(t *testing.T) {
	t.Parallel()
	f := newFixture(t, promBackends(prometheusURL(t)))
	f.vu.StartIteration(nil)
	since := time.Now().Add(-2 * time.Second).UnixMilli()
	f.run(t, `var fault = {id: 'f-1', kind: 'latency', injectedAt: `+strconv.FormatInt(since, 10)+`}; var r = assertions.queryHolds('vector(1) == 1', {for: '1s', since: fault, within: '10s'})`)
	var r jsResult
	f.json(t, `r`, &r)
	if r.Status != "pass" || r.FaultID == nil || *r.FaultID != "f-1" || r.Since == nil || *r.Since != since || len(r.Stages) != 1 || r.Stages[0].Name != "held" {
		t.Fatalf("result %+v, want a pass referring to f-1 with a held stage since %d", r, since)
	}
	if r.Stages[0].AfterMs < 2000 || r.Stages[0].AfterMs > 10000 {
		t.Errorf("held after %vms, want about 2s after since", r.Stages[0].AfterMs)
	}
	ttd := f.vu.SamplesOf("time_to_detect")
	if len(ttd) != 1 {
		t.Fatalf("%d time_to_detect samples, want 1", len(ttd))
	}
	tags := ttd[0].Tags.Map()
	if tags["stage"] != "held" || tags["alert"] != r.Subject || ttd[0].Value != r.Stages[0].AfterMs {
		t.Errorf("time_to_detect %v tags %v, want %v stage:held alert:%s", ttd[0].Value, tags, r.Stages[0].AfterMs, r.Subject)
	}
	if es := entries(t, f.results); len(es) != 1 || es[0].FaultID != "f-1" {
		t.Errorf("results file %+v, want faultId f-1", es)
	}
	f.run(t, `var r2 = assertions.queryHolds('vector(1) == 1')`)
	if n := len(f.vu.SamplesOf("time_to_detect")); n != 1 {
		t.Errorf("a result without since added time_to_detect samples (%d in all)", n)
	}
}

// TestCouldNotEvaluate: a query Prometheus rejects is Error at once, an
// unreachable Prometheus is Error after within (never pass, never a
// plain fail); each is a failing check and a results line, and EndRun's
// verdict is exit 120 naming them — even though the script went on.
func TestCouldNotEvaluate(t *testing.T) {
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	tests := []struct {
		name, url, src, wantWhy string
		maxTook                 time.Duration
	}{
		{"rejected query", prometheusURL(t), `assertions.queryHolds('sum(up{', {within: '20s'})`, "rejected", 5 * time.Second},
		{"unreachable", "http://" + addr, `assertions.queryHolds('vector(1) == 1', {within: '1s'})`, "unreachable", 8 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, promBackends(tc.url))
			f.vu.StartIteration(nil)
			start := time.Now()
			f.run(t, `var r = `+tc.src)
			if took := time.Since(start); took > tc.maxTook {
				t.Errorf("took %s, want under %s", took, tc.maxTook)
			}
			var r jsResult
			f.json(t, `r`, &r)
			if r.Status != "error" || r.Passed || !strings.Contains(r.Why, tc.wantWhy) || r.Error == nil {
				t.Fatalf("result %+v, want error saying %q", r, tc.wantWhy)
			}
			if cs := f.checks(); len(cs) != 1 || cs[0].value != 0 {
				t.Errorf("checks %+v, want one failing", cs)
			}
			if es := entries(t, f.results); len(es) != 1 || es[0].Status != assertions.Error || es[0].Error == "" {
				t.Errorf("results file %+v, want the error with its error text", es)
			}
			f.wantVerdict(t, r.Subject, tc.wantWhy)
			f.wantVerdict(t) // a second EndRun is a new run
		})
	}
}

// TestQueryValue: a number, null for no series; a rejected query throws
// and is a verdict of 120.
func TestQueryValue(t *testing.T) {
	t.Parallel()
	f := newFixture(t, promBackends(prometheusURL(t)))
	f.vu.StartIteration(nil)
	if v := f.run(t, `assertions.queryValue('vector(42)')`).Export(); v != int64(42) && v != 42.0 {
		t.Errorf("queryValue(vector(42)) = %v (%T)", v, v)
	}
	if v := f.run(t, `assertions.queryValue('up{job="nope"}')`); !sobek.IsNull(v) {
		t.Errorf("queryValue of no series = %v, want null", v)
	}
	if f.checks() != nil || entries(t, f.results) != nil {
		t.Error("a read that worked was recorded")
	}
	name, typ, msg := f.thrown(t, `assertions.queryValue('sum(up{')`)
	if name != "AssertionError" || typ != "backend" || !strings.Contains(msg, "rejected") {
		t.Errorf("threw %s %s: %s", name, typ, msg)
	}
	f.wantVerdict(t, "queryValue(sum(up{)")
}
