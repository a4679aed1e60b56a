package thresholds

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

func newRegistry(t *testing.T) (*metrics.Registry, *metrics.Builtin) {
	t.Helper()
	reg := metrics.NewRegistry()
	b, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		t.Fatal(err)
	}
	return reg, b
}

func TestConfigUnmarshal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		want    []Config
		wantErr string
	}{
		{name: "strings", in: `["p(95)<200","avg<100"]`, want: []Config{{Threshold: "p(95)<200"}, {Threshold: "avg<100"}}},
		{name: "object", in: `[{"threshold":"rate<0.1","abortOnFail":true,"delayAbortEval":"10s"}]`,
			want: []Config{{Threshold: "rate<0.1", AbortOnFail: true, DelayAbortEval: "10s"}}},
		{name: "mixed", in: `["count>0",{"threshold":"rate>1"}]`, want: []Config{{Threshold: "count>0"}, {Threshold: "rate>1"}}},
		{name: "typo field", in: `[{"threshold":"rate<1","abortOnFailure":true}]`, wantErr: `unknown field "abortOnFailure"`},
		{name: "number", in: `[3]`, wantErr: "want a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []Config
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("[%d] = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		raw  map[string][]Config
		want []string
	}{
		{name: "unknown metric", raw: map[string][]Config{"nope": {{Threshold: "count>0"}}},
			want: []string{`thresholds key "nope"`, `unknown metric "nope"`, "k6/metrics"}},
		{name: "wrong aggregation for counter", raw: map[string][]Config{"http_reqs": {{Threshold: "p(95)<1"}}},
			want: []string{`aggregation "p(95)" is not valid for counter "http_reqs": use count, rate`}},
		{name: "wrong aggregation for gauge", raw: map[string][]Config{"vus": {{Threshold: "max<1"}}},
			want: []string{`not valid for gauge "vus": use value`}},
		{name: "wrong aggregation for rate", raw: map[string][]Config{"checks": {{Threshold: "count<1"}}},
			want: []string{`not valid for rate "checks": use rate`}},
		{name: "wrong aggregation for trend", raw: map[string][]Config{"http_req_duration": {{Threshold: "rate<1"}}},
			want: []string{`use avg, min, max, med, p(N)`}},
		{name: "syntax", raw: map[string][]Config{"http_req_duration": {{Threshold: "p95<1"}}},
			want: []string{`threshold "p95<1"`, `unknown aggregation "p95"`}},
		{name: "bad delay", raw: map[string][]Config{"checks": {{Threshold: "rate>0", AbortOnFail: true, DelayAbortEval: "soon"}}},
			want: []string{`invalid delayAbortEval "soon"`}},
		{name: "negative delay", raw: map[string][]Config{"checks": {{Threshold: "rate>0", DelayAbortEval: "-1s"}}},
			want: []string{"must not be negative"}},
		{name: "bad tag filter", raw: map[string][]Config{"checks{kind}": {{Threshold: "rate>0"}}},
			want: []string{`thresholds key "checks{kind}"`, "name:value"}},
		{name: "all at once", raw: map[string][]Config{
			"nope":              {{Threshold: "count>0"}},
			"http_req_duration": {{Threshold: "p(95)<200"}, {Threshold: "avg<"}, {Threshold: "count>1"}},
		}, want: []string{`unknown metric "nope"`, `threshold "avg<"`, `threshold "count>1"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg, _ := newRegistry(t)
			set, err := Build(reg, tt.raw)
			if err == nil {
				t.Fatalf("Build succeeded with %d keys", len(set.Keys()))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestBuildDelayForms(t *testing.T) {
	t.Parallel()
	reg, _ := newRegistry(t)
	for _, d := range []string{"10s", "1m30s", "1500"} {
		if _, err := Build(reg, map[string][]Config{"checks": {{Threshold: "rate>0", DelayAbortEval: d}}}); err != nil {
			t.Errorf("delayAbortEval %q: %v", d, err)
		}
	}
}

func push(m *metrics.Metric, tags map[string]string, values ...float64) {
	ts := metrics.NewTagSet(tags)
	for _, v := range values {
		m.Add(metrics.Sample{Metric: m, Tags: ts, Time: time.Unix(0, 0), Value: v})
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	type check struct {
		key, expr string
		ok        bool
		value     float64
	}
	tests := []struct {
		name string
		raw  map[string][]Config
		feed func(b *metrics.Builtin, reg *metrics.Registry)
		want []check
	}{
		{
			name: "trend aggregations",
			raw:  map[string][]Config{"http_req_duration": {{Threshold: "p(95)<200"}, {Threshold: "avg>50"}, {Threshold: "med==50"}, {Threshold: "max<=100"}, {Threshold: "min>1"}, {Threshold: "p(50)>=50"}}},
			feed: func(b *metrics.Builtin, _ *metrics.Registry) {
				push(b.HTTPReqDuration, nil, 1, 50, 100)
			},
			want: []check{
				{"http_req_duration", "p(95)<200", true, 95},
				{"http_req_duration", "avg>50", true, 151.0 / 3},
				{"http_req_duration", "med==50", true, 50},
				{"http_req_duration", "max<=100", true, 100},
				{"http_req_duration", "min>1", false, 1},
				{"http_req_duration", "p(50)>=50", true, 50},
			},
		},
		{
			name: "counter count and rate over elapsed",
			raw:  map[string][]Config{"http_reqs": {{Threshold: "count>=4"}, {Threshold: "rate>1"}}},
			feed: func(b *metrics.Builtin, _ *metrics.Registry) { push(b.HTTPReqs, nil, 1, 1, 1, 1) },
			want: []check{{"http_reqs", "count>=4", true, 4}, {"http_reqs", "rate>1", true, 2}},
		},
		{
			name: "gauge value is the last",
			raw:  map[string][]Config{"vus": {{Threshold: "value<5"}}},
			feed: func(b *metrics.Builtin, _ *metrics.Registry) { push(b.VUs, nil, 9, 3) },
			want: []check{{"vus", "value<5", true, 3}},
		},
		{
			name: "rate",
			raw:  map[string][]Config{"checks": {{Threshold: "rate==1"}}},
			feed: func(b *metrics.Builtin, _ *metrics.Registry) { push(b.Checks, nil, 1, 0, 1, 1) },
			want: []check{{"checks", "rate==1", false, 0.75}},
		},
		{
			name: "tag filter selects samples",
			raw: map[string][]Config{
				"checks{kind:assertion}":            {{Threshold: "rate==1"}},
				"checks{ kind: \"load\" }":          {{Threshold: "rate==1"}},
				"http_req_duration{status:200}":     {{Threshold: "max<100"}},
				"http_req_duration{status:500,x:y}": {{Threshold: "max<100"}},
			},
			feed: func(b *metrics.Builtin, _ *metrics.Registry) {
				push(b.Checks, map[string]string{"kind": "assertion", "name": "a"}, 1, 1)
				push(b.Checks, map[string]string{"kind": "load"}, 0, 1)
				push(b.HTTPReqDuration, map[string]string{"status": "200"}, 10, 20)
				push(b.HTTPReqDuration, map[string]string{"status": "500"}, 900)
			},
			want: []check{
				{"checks{kind:load}", "rate==1", false, 0.5}, // raw key ` kind` sorts first
				{"checks{kind:assertion}", "rate==1", true, 1},
				{"http_req_duration{status:200}", "max<100", true, 20},
				{"http_req_duration{status:500,x:y}", "max<100", true, 0},
			},
		},
		{
			name: "no samples: zero values",
			raw: map[string][]Config{
				"http_req_duration": {{Threshold: "p(95)<200"}},
				"http_reqs":         {{Threshold: "count>0"}},
				"checks":            {{Threshold: "rate==1"}},
			},
			feed: func(*metrics.Builtin, *metrics.Registry) {},
			want: []check{
				{"checks", "rate==1", false, 0},
				{"http_req_duration", "p(95)<200", true, 0},
				{"http_reqs", "count>0", false, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg, b := newRegistry(t)
			set, err := Build(reg, tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			tt.feed(b, reg)
			results, abort := set.Evaluate(2 * time.Second)
			if abort {
				t.Error("abort without abortOnFail")
			}
			if len(results) != len(tt.want) {
				t.Fatalf("got %d results, want %d: %+v", len(results), len(tt.want), results)
			}
			failed := false
			for i, w := range tt.want {
				r := results[i]
				if r.Metric != w.key || r.Expression != w.expr || r.OK != w.ok || r.Value != w.value {
					t.Errorf("result %d = %+v, want %+v", i, r, w)
				}
				failed = failed || !w.ok
			}
			if set.Failed() != failed {
				t.Errorf("Failed() = %v, want %v", set.Failed(), failed)
			}
		})
	}
}

func TestEvaluateAbort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		values  []float64
		elapsed time.Duration
		abort   bool
	}{
		{name: "fails, no delay", cfg: Config{Threshold: "rate<0.1", AbortOnFail: true}, values: []float64{1}, elapsed: time.Second, abort: true},
		{name: "fails before delay", cfg: Config{Threshold: "rate<0.1", AbortOnFail: true, DelayAbortEval: "10s"}, values: []float64{1}, elapsed: 5 * time.Second},
		{name: "fails after delay", cfg: Config{Threshold: "rate<0.1", AbortOnFail: true, DelayAbortEval: "10s"}, values: []float64{1}, elapsed: 10 * time.Second, abort: true},
		{name: "fails without abortOnFail", cfg: Config{Threshold: "rate<0.1"}, values: []float64{1}, elapsed: time.Minute},
		{name: "passes", cfg: Config{Threshold: "rate<0.1", AbortOnFail: true}, values: []float64{0}, elapsed: time.Minute},
		{name: "empty metric never aborts", cfg: Config{Threshold: "rate>0.9", AbortOnFail: true}, elapsed: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg, b := newRegistry(t)
			set, err := Build(reg, map[string][]Config{"http_req_failed": {tt.cfg}})
			if err != nil {
				t.Fatal(err)
			}
			push(b.HTTPReqFailed, nil, tt.values...)
			results, abort := set.Evaluate(tt.elapsed)
			if abort != tt.abort || results[0].Aborting != tt.abort {
				t.Errorf("abort = %v (result %+v), want %v", abort, results[0], tt.abort)
			}
		})
	}
}

func TestNilSet(t *testing.T) {
	t.Parallel()
	var s *Set
	if r, abort := s.Evaluate(time.Second); r != nil || abort || s.Failed() || s.Keys() != nil {
		t.Error("nil set should evaluate to nothing")
	}
}
