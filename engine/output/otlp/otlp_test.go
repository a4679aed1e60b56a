package otlp

import (
	"bytes"
	"log/slog"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricpb "go.opentelemetry.io/proto/otlp/metrics/v1"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

func run(t *testing.T, env map[string]string, samples []metrics.Sample) (log string, err error) {
	t.Helper()
	cfg, err := FromEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	o, err := New(cfg, slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Start(); err != nil {
		t.Fatal(err)
	}
	o.AddSamples(samples)
	err = o.Stop()
	return buf.String(), err
}

func testSamples(t *testing.T) []metrics.Sample {
	t.Helper()
	b, err := metrics.RegisterBuiltins(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	tags := metrics.NewTagSet(map[string]string{"method": "GET", "status": "200", "group": ""})
	at := time.Now()
	var ss []metrics.Sample
	for _, v := range []float64{3, 5, 7, 120, 20000} {
		ss = append(ss,
			metrics.Sample{Metric: b.HTTPReqs, Tags: tags, Time: at, Value: 1},
			metrics.Sample{Metric: b.HTTPReqDuration, Tags: tags, Time: at, Value: v},
			metrics.Sample{Metric: b.HTTPReqFailed, Tags: tags, Time: at, Value: math.Floor(v / 100)})
	}
	return append(ss, metrics.Sample{Metric: b.VUs, Time: at, Value: 3}, metrics.Sample{Metric: b.VUs, Time: at, Value: 4})
}

func attrString(kvs []*commonpb.KeyValue) string {
	var parts []string
	for _, kv := range kvs {
		parts = append(parts, kv.Key+"="+kv.Value.GetStringValue())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// TestExport: k6 v1's mapping over both transports: counter as a
// monotonic cumulative double sum, gauge as its last value, rate as one
// integer counter split by condition, trend as a histogram with the SDK's
// buckets and the unit ms; the prefix, the resource and the headers.
func TestExport(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{ExporterHTTP, ExporterGRPC} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			rcv := &receiver{}
			env := map[string]string{
				"K6_OTEL_EXPORTER_TYPE":   typ,
				"K6_OTEL_METRIC_PREFIX":   "k6_",
				"K6_OTEL_HEADERS":         "X-Run=42",
				"K6_OTEL_SERVICE_VERSION": "v9",
				"K6_OTEL_EXPORT_INTERVAL": "1h",
			}
			if typ == ExporterHTTP {
				env["K6_OTEL_HTTP_EXPORTER_ENDPOINT"], env["K6_OTEL_HTTP_EXPORTER_INSECURE"] = rcv.serveHTTP(t), "true"
			} else {
				env["K6_OTEL_GRPC_EXPORTER_ENDPOINT"], env["K6_OTEL_GRPC_EXPORTER_INSECURE"] = rcv.serveGRPC(t), "true"
			}
			if _, err := run(t, env, testSamples(t)); err != nil {
				t.Fatal(err)
			}
			reqs, headers := rcv.got()
			if len(reqs) != 1 {
				t.Fatalf("%d exports, want 1 (at Stop)", len(reqs))
			}
			if headers[0]["x-run"] != "42" {
				t.Errorf("headers %v, want x-run: 42", headers[0])
			}
			rm := reqs[0].ResourceMetrics[0]
			if got := attrString(rm.Resource.Attributes); got != "service.name=k6,service.version=v9" {
				t.Errorf("resource %s", got)
			}
			byName := map[string]*metricpb.Metric{}
			for _, m := range rm.ScopeMetrics[0].Metrics {
				byName[m.Name] = m
			}
			reqs6 := byName["k6_http_reqs"].GetSum()
			if reqs6 == nil || !reqs6.IsMonotonic || reqs6.AggregationTemporality != cumulative ||
				reqs6.DataPoints[0].GetAsDouble() != 5 || attrString(reqs6.DataPoints[0].Attributes) != "method=GET,status=200" {
				t.Errorf("k6_http_reqs = %v", byName["k6_http_reqs"])
			}
			if g := byName["k6_vus"].GetGauge(); g == nil || g.DataPoints[0].GetAsDouble() != 4 {
				t.Errorf("k6_vus = %v", byName["k6_vus"])
			}
			rate := byName["k6_http_req_failed"].GetSum()
			conds := map[string]int64{}
			for _, dp := range rate.GetDataPoints() {
				conds[attrString(dp.Attributes)] = dp.GetAsInt()
			}
			if conds["condition=nonzero,method=GET,status=200"] != 2 || conds["condition=zero,method=GET,status=200"] != 3 {
				t.Errorf("k6_http_req_failed = %v", conds)
			}
			dur := byName["k6_http_req_duration"]
			h := dur.GetHistogram().GetDataPoints()[0]
			// 3 and 5 fall in (0,5], 7 in (5,10], 120 in (100,250], 20000 above 10000.
			wantCounts := []uint64{0, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}
			if dur.Unit != "ms" || h.Count != 5 || h.GetSum() != 20135 || h.GetMin() != 3 || h.GetMax() != 20000 ||
				len(h.ExplicitBounds) != 15 || !equal(h.BucketCounts, wantCounts) {
				t.Errorf("k6_http_req_duration = %v", dur)
			}
		})
	}
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLegacyRate: K6_OTEL_SINGLE_COUNTER_FOR_RATE=false gives k6's older
// pair of counters.
func TestLegacyRate(t *testing.T) {
	t.Parallel()
	rcv := &receiver{}
	_, err := run(t, map[string]string{
		"K6_OTEL_EXPORTER_TYPE": "http", "K6_OTEL_HTTP_EXPORTER_ENDPOINT": rcv.serveHTTP(t),
		"K6_OTEL_HTTP_EXPORTER_INSECURE": "true", "K6_OTEL_SINGLE_COUNTER_FOR_RATE": "false",
	}, testSamples(t))
	if err != nil {
		t.Fatal(err)
	}
	reqs, _ := rcv.got()
	got := map[string]int64{}
	for _, m := range reqs[0].ResourceMetrics[0].ScopeMetrics[0].Metrics {
		if strings.HasPrefix(m.Name, "http_req_failed") {
			got[m.Name] = m.GetSum().DataPoints[0].GetAsInt()
		}
	}
	if got["http_req_failed.occurred"] != 2 || got["http_req_failed.total"] != 5 {
		t.Errorf("rate counters %v", got)
	}
}

// TestExportFailure: an endpoint that is down is a warning and an error
// from Stop naming it and what to check.
func TestExportFailure(t *testing.T) {
	t.Parallel()
	log, err := run(t, map[string]string{
		"K6_OTEL_EXPORTER_TYPE": "http", "K6_OTEL_HTTP_EXPORTER_ENDPOINT": "127.0.0.1:1", "K6_OTEL_HTTP_EXPORTER_INSECURE": "true",
	}, testSamples(t))
	for _, want := range []string{"opentelemetry output to http://127.0.0.1:1/v1/metrics", "1 of 1 pushes failed", "connection refused", "K6_OTEL_HTTP_EXPORTER_ENDPOINT"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Stop() = %v, want %q", err, want)
		}
	}
	if !strings.Contains(log, "level=WARN") {
		t.Errorf("log %q, want a warning", log)
	}
}

// TestFromEnv: k6's defaults; bad and unknown settings name the variable.
func TestFromEnv(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ExporterType != ExporterGRPC || c.Endpoint != "localhost:4317" || c.Insecure || c.ServiceName != "k6" ||
		c.FlushInterval != time.Second || c.ExportInterval != 10*time.Second || !c.SingleCounterForRate {
		t.Errorf("defaults = %+v", c)
	}
	if c, _ := FromEnv(map[string]string{"K6_OTEL_EXPORTER_TYPE": "http"}); c.target() != "https://localhost:4318/v1/metrics" {
		t.Errorf("http default target %s", c.target())
	}
	_, err = FromEnv(map[string]string{
		"K6_OTEL_EXPORTER_TYPE":          "http",
		"K6_OTEL_HTTP_EXPORTER_ENDPOINT": "http://localhost:4318",
		"K6_OTEL_EXPORT_INTERVAL":        "0s",
		"K6_OTEL_GRPC_ENDPOINT":          "x",
		"K6_OTEL_HEADERS":                "novalue",
	})
	for _, want := range []string{
		`K6_OTEL_HTTP_EXPORTER_ENDPOINT="http://localhost:4318": give host:port only`,
		"K6_OTEL_EXPORT_INTERVAL: must be more than zero",
		"K6_OTEL_GRPC_ENDPOINT is no setting of this output (a typo?)",
		`K6_OTEL_HEADERS: item "novalue"`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}
	if _, err := FromEnv(map[string]string{"K6_OTEL_EXPORTER_TYPE": "thrift"}); err == nil || !strings.Contains(err.Error(), "write grpc or http") {
		t.Errorf("exporter type error = %v", err)
	}
}
