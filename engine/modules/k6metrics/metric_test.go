package k6metrics_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
)

// newVU returns a VU with k6/metrics loaded as `metrics`, after running
// init code.
func newVU(t *testing.T, initCode string) *modulestest.VU {
	t.Helper()
	vu, err := modulestest.NewLoaded(context.Background(), "metrics", k6metrics.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vu.Run(initCode); err != nil {
		t.Fatalf("init code: %v", err)
	}
	return vu
}

func TestMetricTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		init     string
		run      string
		metric   string
		typ      metrics.Type
		contains metrics.ValueType
		values   []float64
	}{
		{name: "counter", init: `var c = new metrics.Counter("my_counter")`, run: `c.add(1); c.add(2.5); c.add("3")`,
			metric: "my_counter", typ: metrics.Counter, values: []float64{1, 2.5, 3}},
		{name: "gauge", init: `var g = new metrics.Gauge("my_gauge")`, run: `g.add(7); g.add(-1)`,
			metric: "my_gauge", typ: metrics.Gauge, values: []float64{7, -1}},
		{name: "rate with booleans", init: `var r = new metrics.Rate("my_rate")`, run: `r.add(true); r.add(false); r.add(1); r.add(0); r.add("x" === "x")`,
			metric: "my_rate", typ: metrics.Rate, values: []float64{1, 0, 1, 0, 1}},
		{name: "time trend", init: `var tr = new metrics.Trend("my_trend", true)`, run: `tr.add(12.5)`,
			metric: "my_trend", typ: metrics.Trend, contains: metrics.Time, values: []float64{12.5}},
		{name: "plain trend", init: `var tr = new metrics.Trend("my_trend2")`, run: `tr.add(true)`,
			metric: "my_trend2", typ: metrics.Trend, values: []float64{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu := newVU(t, tt.init)
			vu.StartIteration(nil)
			if _, err := vu.Run(tt.run); err != nil {
				t.Fatal(err)
			}
			m := vu.Env.Registry.Get(tt.metric)
			if m == nil || m.Type != tt.typ || m.Contains != tt.contains {
				t.Fatalf("registered metric = %+v", m)
			}
			got := vu.SamplesOf(tt.metric)
			if len(got) != len(tt.values) {
				t.Fatalf("got %d samples, want %d", len(got), len(tt.values))
			}
			for i, s := range got {
				if s.Value != tt.values[i] {
					t.Errorf("sample %d = %v, want %v", i, s.Value, tt.values[i])
				}
			}
		})
	}
}

func TestTagsAndName(t *testing.T) {
	t.Parallel()
	vu := newVU(t, `var c = new metrics.Counter("tagged"); var n = c.name; c.name = "changed";`)
	vu.StartIteration(map[string]string{"scenario": "load", "kind": "vu"})
	v, err := vu.Run(`c.add(1, {kind: "call", code: 200, ok: true}); c.name + "/" + n`)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "tagged/tagged" {
		t.Errorf("name = %q", v)
	}
	s := vu.SamplesOf("tagged")[0]
	want := "code:200,kind:call,ok:true,scenario:load"
	if s.Tags.String() != want {
		t.Errorf("tags = %q, want %q", s.Tags, want)
	}
	if s.Time.IsZero() {
		t.Error("sample has no time")
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		init string
		run  string // run after StartIteration; empty: expect init to fail
		want string
	}{
		{name: "bad name", init: `new metrics.Counter("bad name")`, want: "invalid metric name"},
		{name: "missing name", init: `new metrics.Gauge()`, want: "metric name is missing"},
		{name: "redefined type", init: `new metrics.Counter("x"); new metrics.Trend("x")`, want: "cannot be redefined"},
		{name: "builtin redefined", init: `new metrics.Counter("http_req_duration")`, want: "already exists"},
		{name: "add in init", init: `new metrics.Counter("c").add(1)`, want: "init context is not supported"},
		{name: "create outside init", init: `1`, run: `new metrics.Counter("late")`, want: "must be declared in the init context"},
		{name: "NaN", init: `var c = new metrics.Counter("c")`, run: `c.add(NaN)`, want: "invalid value"},
		{name: "string", init: `var c = new metrics.Trend("c")`, run: `c.add("abc")`, want: `"abc" is an invalid value`},
		{name: "null", init: `var c = new metrics.Rate("c")`, run: `c.add(null)`, want: "pass a number or a boolean"},
		{name: "undefined", init: `var c = new metrics.Gauge("c")`, run: `c.add()`, want: "invalid value"},
		{name: "infinity", init: `var c = new metrics.Gauge("c")`, run: `c.add(1/0)`, want: "finite"},
		{name: "object tag", init: `var c = new metrics.Counter("c")`, run: `c.add(1, {a: {b: 1}})`, want: `tag "a" must be a string`},
		{name: "tags not object", init: `var c = new metrics.Counter("c")`, run: `c.add(1, "a:b")`, want: "tags must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu, err := modulestest.NewLoaded(context.Background(), "metrics", k6metrics.New())
			if err != nil {
				t.Fatal(err)
			}
			_, err = vu.Run(tt.init)
			if tt.run != "" {
				if err != nil {
					t.Fatalf("init: %v", err)
				}
				vu.StartIteration(nil)
				_, err = vu.Run(`try { ` + tt.run + `; "no exception" } catch (e) { throw e }`)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestStoppedVUDropsSamples(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	vu, err := modulestest.NewLoaded(ctx, "metrics", k6metrics.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vu.Run(`var c = new metrics.Counter("c")`); err != nil {
		t.Fatal(err)
	}
	vu.StartIteration(nil)
	cancel()
	v, err := vu.Run(`c.add(1)`)
	if err != nil || v.ToBoolean() || len(vu.SamplesOf("c")) != 0 {
		t.Errorf("add after stop = %v, %v, %d samples", v, err, len(vu.SamplesOf("c")))
	}
}
