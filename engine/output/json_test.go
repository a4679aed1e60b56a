package output

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

func samples(t *testing.T) []metrics.Sample {
	t.Helper()
	reg := metrics.NewRegistry()
	b, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		t.Fatal(err)
	}
	b.HTTPReqDuration.Submetric(metrics.NewTagSet(map[string]string{"expected_response": "true"}))
	at := time.Date(2026, 5, 9, 14, 34, 45, 625742514, time.UTC)
	tags := metrics.NewTagSet(map[string]string{"method": "GET", "status": "200", "url": "http://x/<a>&b"})
	return []metrics.Sample{
		{Metric: b.VUs, Time: at, Value: 5},
		{Metric: b.HTTPReqDuration, Tags: tags, Time: at, Value: 459.865729},
		{Metric: b.HTTPReqDuration, Tags: tags, Time: at.Add(time.Second), Value: 12},
		{Metric: b.HTTPReqs, Tags: tags, Time: at, Value: math.NaN()},
	}
}

func readLines(t *testing.T, r io.Reader) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestJSONOutput(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"out.json", "out.json.gz"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), name)
			out, err := New("json="+path, Params{})
			if err != nil {
				t.Fatal(err)
			}
			out.(ThresholdAware).SetThresholds(map[string][]string{"http_req_duration": {"p(95)<200"}})
			if err := out.Start(); err != nil {
				t.Fatal(err)
			}
			ss := samples(t)
			out.AddSamples(ss[:2])
			out.AddSamples(ss[2:])
			err = out.Stop()
			if err == nil || !strings.Contains(err.Error(), "skipped 1 samples with NaN") {
				t.Errorf("Stop() = %v, want the NaN sample reported", err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var r io.Reader = f
			if strings.HasSuffix(name, ".gz") {
				if r, err = gzip.NewReader(f); err != nil {
					t.Fatal(err)
				}
			}
			lines := readLines(t, r)
			var kinds []string
			for _, l := range lines {
				kinds = append(kinds, l["type"].(string)+":"+l["metric"].(string))
			}
			want := "Metric:vus Point:vus Metric:http_req_duration Point:http_req_duration Point:http_req_duration"
			if got := strings.Join(kinds, " "); got != want {
				t.Fatalf("lines = %s\nwant    %s", got, want)
			}
			md := lines[2]["data"].(map[string]any)
			if md["type"] != "trend" || md["contains"] != "time" || md["name"] != "http_req_duration" ||
				md["thresholds"].([]any)[0] != "p(95)<200" {
				t.Errorf("metric data = %v", md)
			}
			sub := md["submetrics"].([]any)[0].(map[string]any)
			if sub["name"] != "http_req_duration{expected_response:true}" || sub["suffix"] != "expected_response:true" {
				t.Errorf("submetric = %v", sub)
			}
			if th := lines[0]["data"].(map[string]any)["thresholds"]; th == nil || len(th.([]any)) != 0 {
				t.Errorf("vus thresholds = %v, want []", th)
			}
			pd := lines[3]["data"].(map[string]any)
			if pd["time"] != "2026-05-09T14:34:45.625742514Z" || pd["value"] != 459.865729 ||
				pd["tags"].(map[string]any)["url"] != "http://x/<a>&b" {
				t.Errorf("point data = %v", pd)
			}
			if lines[1]["data"].(map[string]any)["tags"] != nil {
				t.Errorf("untagged point tags = %v, want null", lines[1]["data"])
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ spec, want string }{
		{"statsd", `unknown output type "statsd"`},
		{"influxdb=http://x", "supported: json"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.spec, Params{}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New(%q) = %v, want %q", tt.spec, err, tt.want)
			}
		})
	}
}

func TestJSONOutputErrors(t *testing.T) {
	t.Parallel()
	t.Run("missing folder", func(t *testing.T) {
		t.Parallel()
		out, err := New("json="+filepath.Join(t.TempDir(), "nope", "out.json"), Params{})
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Start(); err == nil || !strings.Contains(err.Error(), "check the folder exists") {
			t.Errorf("Start() = %v", err)
		}
		if err := out.Stop(); err != nil {
			t.Errorf("Stop after failed Start = %v", err)
		}
	})
	t.Run("disk full", func(t *testing.T) {
		t.Parallel()
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full")
		}
		out, err := New("json=/dev/full", Params{})
		if err != nil {
			t.Fatal(err)
		}
		if err := out.Start(); err != nil {
			t.Fatal(err)
		}
		ss := samples(t)
		out.AddSamples(ss[:3])
		if err := out.Stop(); err == nil || !strings.Contains(err.Error(), "json output /dev/full") {
			t.Errorf("Stop() = %v, want the write error", err)
		}
		if err := out.Stop(); err != nil {
			t.Errorf("second Stop() = %v", err)
		}
	})
}
