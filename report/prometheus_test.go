package report_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack/install"
)

// exporter serves the reference server's metric names (the mcp-server
// job) and a probe (the mcp-probe job) whose health the test switches:
// "broken" makes the probe fail, calls error and latency rise.
type exporter struct {
	srv    *httptest.Server
	mu     sync.Mutex
	broken bool
	stop   chan struct{}
	done   chan struct{}
}

func newExporter() *exporter {
	e := &exporter{stop: make(chan struct{}), done: make(chan struct{})}
	reg := prometheus.NewRegistry()
	calls := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mcp_tool_calls_total"}, []string{"tool_name", "status"})
	dur := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mcp_tool_duration_seconds", Buckets: []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2}}, []string{"tool_name"})
	shipped := prometheus.NewCounter(prometheus.CounterOpts{Name: "otelcol_exporter_sent_log_records_total"})
	ingested := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vl_rows_ingested_total"}, []string{"type"})
	reg.MustRegister(calls, dur, shipped, ingested)
	probeReg := prometheus.NewRegistry()
	probe := prometheus.NewGauge(prometheus.GaugeOpts{Name: "probe_success"})
	probeReg.MustRegister(probe)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	probeHandler := promhttp.HandlerFor(probeReg, promhttp.HandlerOpts{})
	mux.HandleFunc("/probe", func(w http.ResponseWriter, r *http.Request) {
		if e.isBroken() {
			probe.Set(0)
		} else {
			probe.Set(1)
		}
		probeHandler.ServeHTTP(w, r)
	})
	e.srv = httptest.NewServer(mux)
	go func() { // 20 calls a second, each with its log line
		defer close(e.done)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-e.stop:
				return
			case <-tick.C:
			}
			status, d := "ok", 0.02
			if e.isBroken() {
				status, d = "error", 0.8
			}
			calls.WithLabelValues("echo", status).Inc()
			dur.WithLabelValues("echo").Observe(d)
			shipped.Inc()
			ingested.WithLabelValues("opentelemetry_protobuf").Inc()
		}
	}()
	return e
}

func (e *exporter) isBroken() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.broken
}

func (e *exporter) setBroken(b bool) {
	e.mu.Lock()
	e.broken = b
	e.mu.Unlock()
}

func (e *exporter) Close() {
	close(e.stop)
	<-e.done
	e.srv.Close()
}

// testRules: ProbeDown follows the exporter's probe; the watchdog always
// fires and must stay off the timeline.
const testRules = `groups:
  - name: report-test
    interval: 1s
    rules:
      - alert: ReportTestProbeDown
        expr: probe_success{job="mcp-probe"} == 0
        for: 2s
        labels:
          severity: critical
      - alert: MCPChaosWatchdog
        expr: vector(1)
        labels:
          severity: none
`

const promConfig = `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [%q]
scrape_configs:
  - job_name: mcp-server
    static_configs: [{targets: [%q]}]
  - job_name: mcp-probe
    metrics_path: /probe
    static_configs: [{targets: [%q]}]
`

// startPrometheus runs the pinned Prometheus (from the install cache,
// built there on first use) scraping addr; it is stopped at cleanup.
func startPrometheus(t *testing.T, addr string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	bin, err := install.Ensure(ctx, install.Options{LookupEnv: os.LookupEnv}, "prometheus")
	if err != nil {
		testenv.Missing(t, "the pinned Prometheus (set MCPCHAOS_CACHE to the install cache, or MCPCHAOS_BIN_PROMETHEUS)", err)
	}
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yml")
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(rules, []byte(testRules), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, fmt.Appendf(nil, promConfig, rules, addr, addr), 0o644); err != nil {
		t.Fatal(err)
	}
	listen := freeAddr(t)
	var out bytes.Buffer
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+listen)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("prometheus output:\n%s", out.String())
		}
	})
	base := "http://" + listen
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus at %s not ready after 60s: %v\n%s", base, err, out.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// freeAddr is a loopback address free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// prometheusClient is the assertions package's client for base.
func prometheusClient(t *testing.T, base string) *assertions.Prometheus {
	t.Helper()
	b, err := assertions.New(config.Backends{Prometheus: config.Endpoint{URL: base}})
	if err != nil {
		t.Fatal(err)
	}
	return b.Prometheus
}
