package summary

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func add(m *metrics.Metric, tags map[string]string, values ...float64) {
	ts := metrics.NewTagSet(tags)
	for _, v := range values {
		m.Add(metrics.Sample{Metric: m, Tags: ts, Time: time.Unix(0, 0), Value: v})
	}
}

// fixture is a small finished run: HTTP traffic, checks in the root and a
// nested group, a custom trend, passing and failing thresholds, one on a
// submetric, and an unobserved metric with and without thresholds.
func fixture(t *testing.T) Input {
	t.Helper()
	reg := metrics.NewRegistry()
	b, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		t.Fatal(err)
	}
	ttd, err := reg.NewMetric("time_to_detect", metrics.Trend, metrics.Time)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.NewMetric("mcp_request_errors", metrics.Counter); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.NewMetric("never_used", metrics.Gauge); err != nil {
		t.Fatal(err)
	}
	var raw map[string][]thresholds.Config
	if err := json.Unmarshal([]byte(`{
		"http_req_duration": ["p(95)<200", "avg<100"],
		"http_req_duration{status:200}": ["max<150"],
		"checks{kind:assertion}": [{"threshold": "rate==1", "abortOnFail": true}],
		"time_to_detect": ["p(99.9)<60000"],
		"mcp_request_errors": ["count<1"]
	}`), &raw); err != nil {
		t.Fatal(err)
	}
	set, err := thresholds.Build(reg, raw)
	if err != nil {
		t.Fatal(err)
	}
	add(b.HTTPReqDuration, map[string]string{"status": "200"}, 12.5, 80, 140)
	add(b.HTTPReqDuration, map[string]string{"status": "500"}, 1500)
	add(b.HTTPReqs, nil, 1, 1, 1, 1)
	add(b.HTTPReqFailed, nil, 0, 0, 0, 1)
	add(b.DataReceived, nil, 2048, 1_300_000)
	add(b.DataSent, nil, 512)
	add(b.VUs, nil, 1, 5, 2)
	add(b.Iterations, nil, 1, 1)
	add(b.IterationDuration, nil, 1250, 65_000.5)
	add(b.Checks, map[string]string{"kind": "assertion"}, 1, 0)
	add(b.Checks, nil, 1, 1, 1)
	add(ttd, nil, 0.0005, 0.25, 42_000)

	root := NewRootGroup()
	ok := root.Check("status is 200")
	for range 3 {
		ok.Record(true)
	}
	g := root.Group("alerts")
	fired := g.Check("alert MCPToolHighErrorRate fired")
	fired.Record(true)
	fired.Record(false)
	g.Group("logs").Check("error logged").Record(true)

	return Input{Registry: reg, Root: root, Thresholds: set, Elapsed: 10 * time.Second}
}

func TestBuildShape(t *testing.T) {
	t.Parallel()
	data := Build(fixture(t))
	for _, k := range []string{"root_group", "options", "state", "metrics"} {
		if _, ok := data[k]; !ok {
			t.Errorf("data has no %q", k)
		}
	}
	ms := asMap(data["metrics"])
	for _, name := range []string{"http_req_duration", "http_req_duration{status:200}", "checks{kind:assertion}", "vus", "mcp_request_errors"} {
		if _, ok := ms[name]; !ok {
			t.Errorf("metrics has no %q", name)
		}
	}
	for _, name := range []string{"never_used", "vus_max", "dropped_iterations"} {
		if _, ok := ms[name]; ok {
			t.Errorf("unobserved metric %q without thresholds is in the summary", name)
		}
	}
	sub := asMap(ms["http_req_duration{status:200}"])
	if sub["type"] != "trend" || sub["contains"] != "time" || asMap(sub["values"])["max"] != 140.0 {
		t.Errorf("submetric = %v", sub)
	}
	if got := asMap(asMap(asMap(ms["checks{kind:assertion}"])["thresholds"])["rate==1"])["ok"]; got != false {
		t.Errorf("checks{kind:assertion} rate==1 ok = %v, want false", got)
	}
	if got := asMap(asMap(ms["time_to_detect"])["values"])["p(99.9)"]; got == nil {
		t.Error("threshold percentile p(99.9) missing from values")
	}
	if got := asMap(data["state"])["testRunDurationMs"]; got != 10000.0 {
		t.Errorf("testRunDurationMs = %v", got)
	}
	rg := asMap(data["root_group"])
	if rg["id"] != "d41d8cd98f00b204e9800998ecf8427e" || rg["path"] != "" {
		t.Errorf("root group = %v", rg)
	}

	// The object survives a JSON round trip (handleSummary gets it in JS).
	raw, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if Text(back, Options{NoColor: true}) != Text(data, Options{NoColor: true}) {
		t.Error("text differs after a JSON round trip")
	}
	pretty, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "data.json", append(pretty, '\n'))
}

func TestRenderers(t *testing.T) {
	t.Parallel()
	data := Build(fixture(t))
	tests := []struct {
		golden string
		render func() ([]byte, error)
	}{
		{"text.txt", func() ([]byte, error) { return []byte(Text(data, Options{NoColor: true})), nil }},
		{"text_color.txt", func() ([]byte, error) { return []byte(Text(data, Options{})), nil }},
		{"text_units.txt", func() ([]byte, error) {
			in := fixture(t)
			in.Options = Options{NoColor: true, SummaryTimeUnit: "ms", SummaryTrendStats: []string{"count", "avg", "p(99)"}}
			return []byte(Text(Build(in), Options{NoColor: true})), nil
		}},
		{"export.json", func() ([]byte, error) { return Export(data) }},
		{"junit.xml", func() ([]byte, error) { return JUnit(data) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			got, err := tt.render()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.golden, got)
		})
	}
}

func TestExportThresholdsMeanFailed(t *testing.T) {
	t.Parallel()
	out, err := Export(Build(fixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Metrics   map[string]map[string]any `json:"metrics"`
		RootGroup struct {
			Checks map[string]map[string]any `json:"checks"`
			Groups map[string]any            `json:"groups"`
		} `json:"root_group"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	ths := got.Metrics["http_req_duration"]["thresholds"].(map[string]any)
	if ths["p(95)<200"] != true || ths["avg<100"] != true {
		t.Errorf("failed thresholds should export true: %v", ths)
	}
	if sub := got.Metrics["http_req_duration{status:200}"]["thresholds"].(map[string]any); sub["max<150"] != false {
		t.Errorf("passing threshold should export false: %v", sub)
	}
	if v, ok := got.Metrics["checks"]["value"]; !ok || v.(float64) != 0.8 {
		t.Errorf("rate exported as value: %v", got.Metrics["checks"])
	}
	if _, ok := got.RootGroup.Checks["status is 200"]; !ok {
		t.Errorf("checks keyed by name: %v", got.RootGroup.Checks)
	}
	if _, ok := got.RootGroup.Groups["alerts"]; !ok {
		t.Errorf("groups keyed by name: %v", got.RootGroup.Groups)
	}
}

func TestJUnitCases(t *testing.T) {
	t.Parallel()
	out, err := JUnit(Build(fixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		`<testsuites name="mcpchaos" tests="9" failures="4"`,
		`threshold &#34;p(95)&lt;200&#34; on http_req_duration crossed: observed p(95)=1.3s`,
		`threshold &#34;rate==1&#34; on checks{kind:assertion} crossed: observed rate=50.00%`,
		`classname="checks::alerts"`,
		`failed 1 of 2 times (50.00% passed)`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("junit lacks %q", want)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{name: "defaults", opts: Options{}},
		{name: "all valid", opts: Options{SummaryTrendStats: []string{"avg", "count", "p(99.99)", "p(0)"}, SummaryTimeUnit: "us"}},
		{name: "bad", opts: Options{SummaryTrendStats: []string{"mean", "p(101)", "p99"}, SummaryTimeUnit: "m"},
			want: []string{`invalid stat "mean"`, `invalid stat "p(101)"`, `invalid stat "p99"`, `invalid unit "m"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.opts.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("error %v lacks %q", err, w)
				}
			}
		})
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		got, want string
	}{
		{formatDuration(0, ""), "0s"},
		{formatDuration(0.0005, ""), "500ns"},
		{formatDuration(0.0123, ""), "12.3µs"},
		{formatDuration(57.625, ""), "57.62ms"},
		{formatDuration(1140, ""), "1.14s"},
		{formatDuration(65_000.5, ""), "1m5s"},
		{formatDuration(3_725_000, ""), "1h2m5s"},
		{formatDuration(1500, "s"), "1.50s"},
		{formatDuration(1.5, "us"), "1500.00µs"},
		{formatBytes(5), "5 B"},
		{formatBytes(81_000), "81 kB"},
		{formatBytes(1_300_000), "1.3 MB"},
		{formatRate(0.5757), "57.57%"},
		{formatRate(1), "100.00%"},
		{trimFixed(4.369380, 6), "4.36938"},
		{trimFixed(180, 6), "180"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestEmptyRun(t *testing.T) {
	t.Parallel()
	data := Build(Input{Registry: metrics.NewRegistry()})
	if got := Text(data, Options{NoColor: true}); got != "\n" {
		t.Errorf("empty text = %q", got)
	}
	if _, err := JUnit(data); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(data); err != nil {
		t.Fatal(err)
	}
}
