package output

import (
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// TestCSVOutput: k6's columns in k6's order, one row per sample, system
// tags in their columns and the rest in extra_tags, values with six
// decimals, the time format chosen, gzip for .gz.
func TestCSVOutput(t *testing.T) {
	t.Parallel()
	reg := metrics.NewRegistry()
	b, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 9, 14, 34, 45, 625742514, time.UTC)
	tags := metrics.NewTagSet(map[string]string{
		"method": "GET", "status": "200", "url": "http://x/a,b", "name": "http://x/a,b", "proto": "HTTP/1.1",
		"scenario": "default", "group": "", "expected_response": "true", "testid": "t1", "zone": "eu",
	})
	samples := []metrics.Sample{
		{Metric: b.HTTPReqs, Tags: tags, Time: at, Value: 1},
		{Metric: b.HTTPReqDuration, Tags: tags, Time: at, Value: 221.899},
		{Metric: b.VUs, Time: at, Value: 5},
		{Metric: b.Iterations, Time: at, Value: math.Inf(1)},
	}
	const header = "metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata"
	tests := []struct {
		name, spec string
		env        map[string]string
		file       string
		want       []string
	}{
		{
			name: "file name and unix seconds", spec: "csv=%s", file: "out.csv",
			want: []string{
				header,
				`http_reqs,1778337285,1.000000,,,,true,,GET,"http://x/a,b",HTTP/1.1,default,,200,,,"http://x/a,b",testid=t1&zone=eu,`,
				`http_req_duration,1778337285,221.899000,,,,true,,GET,"http://x/a,b",HTTP/1.1,default,,200,,,"http://x/a,b",testid=t1&zone=eu,`,
				`vus,1778337285,5.000000,,,,,,,,,,,,,,,,`,
			},
		},
		{
			name: "options argument over the environment and gzipped", spec: "csv=fileName=%s,timeFormat=rfc3339_nano", file: "out.csv.gz",
			env:  map[string]string{"K6_CSV_TIME_FORMAT": "unix_milli", "K6_CSV_SAVE_INTERVAL": "2s"},
			want: []string{header, "", "", `vus,2026-05-09T14:34:45.625742514Z,5.000000,,,,,,,,,,,,,,,,`},
		},
		{
			name: "file name from the environment", spec: "csv", file: "env.csv",
			env:  map[string]string{"K6_CSV_FILENAME": "%s", "K6_CSV_TIME_FORMAT": "unix_milli"},
			want: []string{header, "", "", `vus,1778337285625,5.000000,,,,,,,,,,,,,,,,`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), tt.file)
			spec := strings.ReplaceAll(tt.spec, "%s", path)
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = strings.ReplaceAll(v, "%s", path)
			}
			out, err := New(spec, Params{Env: env})
			if err != nil {
				t.Fatal(err)
			}
			if err := out.Start(); err != nil {
				t.Fatal(err)
			}
			out.AddSamples(samples)
			if err := out.Stop(); err == nil || !strings.Contains(err.Error(), "skipped 1 samples with NaN or infinite") {
				t.Errorf("Stop() = %v, want the infinite sample reported", err)
			}
			lines := readCSV(t, path)
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines, want %d:\n%s", len(lines), len(tt.want), strings.Join(lines, "\n"))
			}
			for i, want := range tt.want {
				if want != "" && lines[i] != want {
					t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want)
				}
			}
		})
	}
}

func readCSV(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// TestCSVOutputErrors: bad settings name what to write; a missing folder
// fails Start; Stop after a failed Start is quiet.
func TestCSVOutputErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec string
		env  map[string]string
		want string
	}{
		{spec: "csv=timeFormat=iso", want: `csv time format "iso": use unix, unix_milli`},
		{spec: "csv=fileName=a.csv,interval=1s", want: `csv option "interval": use fileName, saveInterval or timeFormat`},
		{spec: "csv=saveInterval=0", want: "csv saveInterval:"},
		{spec: "csv", env: map[string]string{"K6_CSV_SAVE_INTERVAL": "-1s"}, want: "K6_CSV_SAVE_INTERVAL:"},
		{spec: "csv", env: map[string]string{"K6_CSV_FILE_NAME": "x"}, want: "K6_CSV_FILE_NAME is no setting of this output"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.spec, Params{Env: tt.env}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New(%q) = %v, want %q", tt.spec, err, tt.want)
			}
		})
	}
	out, err := New("csv="+filepath.Join(t.TempDir(), "nope", "out.csv"), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if err := out.Start(); err == nil || !strings.Contains(err.Error(), "check the folder exists") {
		t.Errorf("Start() = %v", err)
	}
	if err := out.Stop(); err != nil {
		t.Errorf("Stop after failed Start = %v", err)
	}
}
