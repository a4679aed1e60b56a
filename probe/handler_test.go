package probe_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mcpchaos/mcpchaos/probe"
)

// exporter serves Handler like `mcpchaos probe` does.
func exporter(t *testing.T, cfg probe.Config) (*httptest.Server, *prometheus.Registry) {
	t.Helper()
	p, err := probe.New(cfg, probe.WithVersion(testVersion))
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	m, err := probe.NewExporterMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(probe.Handler(p, probe.WithExporterMetrics(m)))
	t.Cleanup(ts.Close)
	return ts, reg
}

func get(t *testing.T, u string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestHandler(t *testing.T) {
	t.Parallel()
	target, _ := startStreamable(t, nil)
	ts, reg := exporter(t, probe.Config{Modules: map[string]probe.Module{
		"canary": {Timeout: 10 * time.Second, Steps: canary("slow", "")},
	}})
	probeURL := func(params ...string) string {
		q := url.Values{}
		for i := 0; i+1 < len(params); i += 2 {
			q.Set(params[i], params[i+1])
		}
		return ts.URL + "/probe?" + q.Encode()
	}
	scrapeTimeout := http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {"1.5"}}

	tests := []struct {
		name       string
		url        string
		header     http.Header
		wantStatus int
		want       []string
		maxTime    time.Duration
	}{
		{
			name:       "default module without module parameter",
			url:        probeURL("target", target),
			wantStatus: http.StatusOK,
			want: []string{"probe_success 1", `probe_mcp_phase_duration_seconds{phase="initialize"}`,
				`probe_mcp_protocol_version{version="2025-11-25"} 1`, "probe_mcp_tools_count 3"},
		},
		{
			name:       "scrape timeout header shortens the module timeout",
			url:        probeURL("target", target, "module", "canary"),
			header:     scrapeTimeout,
			wantStatus: http.StatusOK,
			want:       []string{"probe_success 0", `probe_mcp_failed_phase{phase="call_tool",reason="timeout"} 1`},
			maxTime:    4 * time.Second,
		},
		{
			name:       "debug output",
			url:        probeURL("target", target, "debug", "true"),
			wantStatus: http.StatusOK,
			want:       []string{"Logs for the probe:", "trace_id=", "begin list_tools", "probe_success 1", "Module configuration:", "transport: streamable_http"},
		},
		{
			name:       "unknown module",
			url:        probeURL("target", target, "module", "nope"),
			wantStatus: http.StatusBadRequest,
			want:       []string{`unknown module "nope"`},
		},
		{
			name:       "missing target",
			url:        probeURL(),
			wantStatus: http.StatusBadRequest,
			want:       []string{"target parameter is missing"},
		},
		{
			name:       "bad target",
			url:        probeURL("target", "gopher://x"),
			wantStatus: http.StatusBadRequest,
			want:       []string{"invalid probe target"},
		},
		{
			name:       "bad scrape timeout header",
			url:        probeURL("target", target),
			header:     http.Header{"X-Prometheus-Scrape-Timeout-Seconds": {"soon"}},
			wantStatus: http.StatusBadRequest,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			status, body := get(t, tt.url, tt.header)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d; body:\n%s", status, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if tt.maxTime > 0 && time.Since(start) > tt.maxTime {
				t.Errorf("took %v, want under %v", time.Since(start), tt.maxTime)
			}
		})
	}
	t.Cleanup(func() {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		series := map[string]int{}
		for _, mf := range mfs {
			series[mf.GetName()] = len(mf.GetMetric())
		}
		if series["mcpchaos_probe_bad_requests_total"] != 2 || series["mcpchaos_probe_probes_total"] != 2 {
			t.Errorf("exporter series %v, want 2 bad-request reasons and 2 probe results", series)
		}
	})
}
