package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// outputsScript makes 12 checked requests on 2 VUs.
const outputsScript = `import http from 'k6/http';
import { check } from 'k6';
export const options = { vus: 2, iterations: 12 };
export default function () {
  check(http.get(__ENV.URL), { ok: (r) => r.status === 200 });
}
`

// TestRunOutputsToPrometheus runs a script with --out
// experimental-prometheus-rw and --out opentelemetry (OTLP/HTTP) against
// a real Prometheus (remote write and OTLP receivers on), configured by
// k6's environment variables: after the run k6_http_reqs_total carries
// the run's --tag and the request count, the trend's p99 is there in
// seconds, the check's rate is 1, and the OTLP copy of the counter and
// the histogram landed too; --out csv wrote a row per request. A remote
// write URL where nothing listens fails the run with a message naming
// the URL and the variable to check.
func TestRunOutputsToPrometheus(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: starts Prometheus")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prom := startPrometheus(ctx, t, dir)
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	script := filepath.Join(dir, "outputs.js")
	if err := os.WriteFile(script, []byte(outputsScript), 0o644); err != nil {
		t.Fatal(err)
	}
	promHost := strings.TrimPrefix(prom.URL, "http://")
	t.Setenv("K6_PROMETHEUS_RW_SERVER_URL", prom.URL+"/api/v1/write")
	t.Setenv("K6_PROMETHEUS_RW_TREND_STATS", "p(99),count")
	t.Setenv("K6_OTEL_EXPORTER_TYPE", "http")
	t.Setenv("K6_OTEL_HTTP_EXPORTER_ENDPOINT", promHost)
	t.Setenv("K6_OTEL_HTTP_EXPORTER_URL_PATH", "/api/v1/otlp/v1/metrics")
	t.Setenv("K6_OTEL_HTTP_EXPORTER_INSECURE", "true")
	t.Setenv("K6_OTEL_METRIC_PREFIX", "k6otel_")
	testid := "outputs-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	csvPath := filepath.Join(dir, "out.csv")
	if err := runCLI(t, "-e", "URL="+srv.URL, "--tag", "testid="+testid,
		"--out", "experimental-prometheus-rw", "--out", "opentelemetry", "--out", "csv="+csvPath, script); err != nil {
		t.Fatalf("run: %v", err)
	}
	if hits.Load() != 12 {
		t.Fatalf("server saw %d requests, want 12", hits.Load())
	}
	sel := `{testid="` + testid + `"}`
	for _, q := range []struct {
		query string
		check func(float64) bool
		want  string
	}{
		{`sum(k6_http_reqs_total` + sel + `)`, func(v float64) bool { return v == 12 }, "12"},
		{`count(k6_http_reqs_total{testid="` + testid + `",method="GET",status="200",scenario="default"})`, func(v float64) bool { return v == 1 }, "one series with the request's tags"},
		{`max(k6_http_req_duration_p99` + sel + `)`, func(v float64) bool { return v > 0 && v < 1 }, "a p99 in seconds, under 1"},
		{`sum(k6_http_req_duration_count` + sel + `)`, func(v float64) bool { return v == 12 }, "12"},
		{`min(k6_checks_rate{testid="` + testid + `",check="ok"})`, func(v float64) bool { return v == 1 }, "1"},
		{`sum(k6otel_http_reqs_total` + sel + `)`, func(v float64) bool { return v == 12 }, "12 (OTLP)"},
		{`sum({__name__=~"k6otel_http_req_duration.*_count",testid="` + testid + `"})`, func(v float64) bool { return v == 12 }, "12 (OTLP histogram)"},
	} {
		v, err := queryWithin(ctx, prom.URL, q.query, 15*time.Second)
		if err != nil {
			t.Errorf("%s: %v", q.query, err)
			continue
		}
		if !q.check(v) {
			t.Errorf("%s = %v, want %s", q.query, v, q.want)
		}
		t.Logf("%s = %v", q.query, v)
	}
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\nhttp_reqs,"); n != 12 || !strings.Contains(string(data), "testid="+testid) {
		t.Errorf("csv has %d http_reqs rows (want 12) and testid in extra_tags: %v", n, strings.Contains(string(data), testid))
	}

	refusing, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	t.Setenv("K6_PROMETHEUS_RW_SERVER_URL", "http://"+refusing+"/api/v1/write")
	err = runCLI(t, "-e", "URL="+srv.URL, "--out", "experimental-prometheus-rw", script)
	for _, want := range []string{"experimental-prometheus-rw output to http://" + refusing, "pushes failed", "check K6_PROMETHEUS_RW_SERVER_URL"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("run with nothing at the URL: %v, want %q", err, want)
		}
	}
}

// queryWithin polls an instant query until it returns one sample.
func queryWithin(ctx context.Context, base, query string, within time.Duration) (float64, error) {
	deadline := time.Now().Add(within)
	for {
		v, err := queryOne(ctx, base, query)
		if err == nil || time.Now().After(deadline) {
			return v, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func queryOne(ctx context.Context, base, query string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/query?query="+url.QueryEscape(query), nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return 0, err
	}
	if body.Status != "success" {
		return 0, fmt.Errorf("query failed: %s", body.Error)
	}
	if len(body.Data.Result) != 1 {
		return 0, fmt.Errorf("%d results, want 1", len(body.Data.Result))
	}
	s, _ := body.Data.Result[0].Value[1].(string)
	return strconv.ParseFloat(s, 64)
}

// TestRunOutputErrors: an output's bad spec or setting is invalid config
// (104) naming it, before the test starts.
func TestRunOutputErrors(t *testing.T) {
	script := filepath.Join(t.TempDir(), "x.js")
	if err := os.WriteFile(script, []byte("export const options = { iterations: 1 };\nexport default function () {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, out, env, value, want string
	}{
		{name: "argument", out: "experimental-prometheus-rw=http://x/api/v1/write", want: "this output takes no argument; configure it with environment variables such as K6_PROMETHEUS_RW_SERVER_URL"},
		{name: "native histograms", out: "experimental-prometheus-rw", env: "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", value: "true", want: "K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true is not supported by mcpchaos"},
		{name: "typo", out: "opentelemetry", env: "K6_OTEL_EXPORTER", value: "http", want: "K6_OTEL_EXPORTER is no setting of this output (a typo?)"},
		{name: "csv time format", out: "csv=timeFormat=iso", want: `csv time format "iso"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv(tt.env, tt.value)
			}
			err := runCLI(t, "--out", tt.out, script)
			var ec exitCoder
			if !errors.As(err, &ec) || ec.ExitCode() != 104 || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("--out %s: %v, want exit 104 saying %q", tt.out, err, tt.want)
			}
		})
	}
}
