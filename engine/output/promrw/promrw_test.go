package promrw

import (
	"bytes"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// builtins returns the run's built-in metrics.
func builtins(t *testing.T) *metrics.Builtin {
	t.Helper()
	b, err := metrics.RegisterBuiltins(metrics.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func start(t *testing.T, env map[string]string) (*Output, *bytes.Buffer) {
	t.Helper()
	cfg, err := FromEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	o, err := New(cfg, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = o.Stop() })
	return o, &log
}

// byName indexes a request's samples by __name__ and the labels.
func byName(samples []sample) map[string]sample {
	out := map[string]sample{}
	for _, s := range samples {
		var parts []string
		name := ""
		for _, l := range s.labels {
			if l.name == "__name__" {
				name = l.value
				continue
			}
			parts = append(parts, l.name+"="+l.value)
		}
		out[name+"{"+strings.Join(parts, ",")+"}"] = s
	}
	return out
}

// TestMapping: k6's names and values (counter _total, gauge, rate _rate,
// trend stats with time in seconds), tags as labels without empty ones,
// static labels under the series' own, sorted labels, and the headers of
// remote write v1.
func TestMapping(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	o, _ := start(t, map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":    rcv.srv.URL + "/api/v1/write",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL": "1h",
		"K6_PROMETHEUS_RW_TREND_STATS":   "p(99),p(99.9),avg,count,max",
		"K6_PROMETHEUS_RW_LABELS":        "testid=static,env=ci",
		"K6_PROMETHEUS_RW_HEADERS_X-Run": "42",
	})
	b := builtins(t)
	at := time.UnixMilli(1_700_000_000_000)
	tags := metrics.NewTagSet(map[string]string{"method": "GET", "status": "200", "group": "", "testid": "run1"})
	var ss []metrics.Sample
	for i := range 100 {
		ss = append(ss,
			metrics.Sample{Metric: b.HTTPReqs, Tags: tags, Time: at, Value: 1},
			metrics.Sample{Metric: b.HTTPReqDuration, Tags: tags, Time: at, Value: float64(i + 1)},
			metrics.Sample{Metric: b.HTTPReqFailed, Tags: tags, Time: at, Value: float64(i % 4 / 3)})
	}
	ss = append(ss, metrics.Sample{Metric: b.VUs, Time: at.Add(time.Second), Value: 7})
	o.AddSamples(ss)
	if err := o.Stop(); err != nil {
		t.Fatal(err)
	}
	reqs, headers := rcv.got()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1 (the push at Stop)", len(reqs))
	}
	h := headers[0]
	if h.Get("Content-Encoding") != "snappy" || h.Get("Content-Type") != "application/x-protobuf" ||
		h.Get("X-Prometheus-Remote-Write-Version") != "0.1.0" || h.Get("X-Run") != "42" {
		t.Errorf("headers = %v", h)
	}
	got := byName(reqs[0])
	const lbl = "{env=ci,method=GET,status=200,testid=run1}"
	want := map[string]float64{
		"k6_http_reqs_total" + lbl:         100,
		"k6_http_req_failed_rate" + lbl:    0.25,
		"k6_http_req_duration_p99" + lbl:   0.09901,
		"k6_http_req_duration_p999" + lbl:  0.099901,
		"k6_http_req_duration_avg" + lbl:   0.0505,
		"k6_http_req_duration_count" + lbl: 100,
		"k6_http_req_duration_max" + lbl:   0.1,
		"k6_vus{env=ci,testid=static}":     7,
	}
	for name, v := range want {
		s, ok := got[name]
		if !ok {
			t.Errorf("no series %s; got %v", name, keys(got))
			continue
		}
		if math.Abs(s.value-v) > 1e-9 {
			t.Errorf("%s = %v, want %v", name, s.value, v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("series %v, want %d", keys(got), len(want))
	}
	for _, s := range reqs[0] {
		for i := 1; i < len(s.labels); i++ {
			if s.labels[i-1].name >= s.labels[i].name {
				t.Errorf("labels not sorted: %v", s.labels)
			}
		}
	}
	if s := got["k6_http_reqs_total"+lbl]; s.ms != at.UnixMilli() {
		t.Errorf("timestamp %d, want the newest sample's %d", s.ms, at.UnixMilli())
	}
}

func keys(m map[string]sample) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestPushes: pushes happen every interval with only the series that
// changed, each later than the series' previous point; stale markers end
// every series at Stop when asked.
func TestPushes(t *testing.T) {
	t.Parallel()
	rcv := newReceiver(t)
	o, _ := start(t, map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":    rcv.srv.URL,
		"K6_PROMETHEUS_RW_PUSH_INTERVAL": "50ms",
		"K6_PROMETHEUS_RW_STALE_MARKERS": "true",
	})
	b := builtins(t)
	at := time.Now()
	o.AddSamples([]metrics.Sample{{Metric: b.Iterations, Time: at, Value: 1}, {Metric: b.VUs, Time: at, Value: 1}})
	waitFor(t, rcv, 1)
	// The same millisecond again: the point must still move forward.
	o.AddSamples([]metrics.Sample{{Metric: b.Iterations, Time: at, Value: 1}})
	waitFor(t, rcv, 2)
	if err := o.Stop(); err != nil {
		t.Fatal(err)
	}
	reqs, _ := rcv.got()
	second := byName(reqs[1])
	if len(second) != 1 || second["k6_iterations_total{}"].value != 2 || second["k6_iterations_total{}"].ms != at.UnixMilli()+1 {
		t.Errorf("second push = %+v, want only k6_iterations_total = 2 one millisecond later", reqs[1])
	}
	last := byName(reqs[len(reqs)-1])
	if len(last) != 2 || math.Float64bits(last["k6_vus{}"].value) != math.Float64bits(staleNaN) {
		t.Errorf("last push = %+v, want stale markers for both series", reqs[len(reqs)-1])
	}
}

func waitFor(t *testing.T, rcv *receiver, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if reqs, _ := rcv.got(); len(reqs) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d pushes in 10s", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPushFailures: an endpoint that is down or refuses is a warning as
// it happens and an error from Stop naming the URL and what to check;
// a later push that succeeds carries the values a failed one missed.
func TestPushFailures(t *testing.T) {
	t.Parallel()
	t.Run("nothing listens", func(t *testing.T) {
		t.Parallel()
		o, log := start(t, map[string]string{"K6_PROMETHEUS_RW_SERVER_URL": "http://127.0.0.1:1/api/v1/write"})
		o.AddSamples([]metrics.Sample{{Metric: builtins(t).Iterations, Time: time.Now(), Value: 1}})
		err := o.Stop()
		for _, want := range []string{"experimental-prometheus-rw output to http://127.0.0.1:1/api/v1/write", "1 of 1 pushes failed", "connection refused", "check K6_PROMETHEUS_RW_SERVER_URL"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Stop() = %v, want %q", err, want)
			}
		}
		if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), "push failed") {
			t.Errorf("log = %q, want a warning", log.String())
		}
	})
	t.Run("refused, then accepted", func(t *testing.T) {
		t.Parallel()
		rcv := newReceiver(t)
		rcv.status = http.StatusNotFound
		o, _ := start(t, map[string]string{"K6_PROMETHEUS_RW_SERVER_URL": rcv.srv.URL, "K6_PROMETHEUS_RW_PUSH_INTERVAL": "50ms"})
		b := builtins(t)
		o.AddSamples([]metrics.Sample{{Metric: b.Iterations, Time: time.Now(), Value: 1}})
		waitFor(t, rcv, 1)
		rcv.mu.Lock()
		rcv.status = http.StatusNoContent
		rcv.mu.Unlock()
		err := o.Stop()
		if err == nil || !strings.Contains(err.Error(), "HTTP 404 Not Found: refused by the test") {
			t.Errorf("Stop() = %v, want the 404 reported", err)
		}
		reqs, _ := rcv.got()
		if last := byName(reqs[len(reqs)-1]); last["k6_iterations_total{}"].value != 1 {
			t.Errorf("last push %+v, want the value the refused push had", reqs[len(reqs)-1])
		}
	})
}

// TestFromEnv: k6's defaults; bad, unsupported and unknown settings are
// errors naming the variable, all at once.
func TestFromEnv(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.ServerURL != DefaultServerURL || c.PushInterval != 5*time.Second || len(c.TrendStats) != 1 || c.TrendStats[0].Suffix != "p99" {
		t.Errorf("defaults = %+v", c)
	}
	c, err = FromEnv(map[string]string{
		"K6_PROMETHEUS_RW_HTTP_HEADERS": "a:1, b:2",
		"K6_PROMETHEUS_RW_USERNAME":     "u",
		"K6_PROMETHEUS_RW_TREND_STATS":  "p(90),med,sum",
	})
	if err != nil || c.Headers["a"] != "1" || c.Headers["b"] != "2" || c.Username != "u" || len(c.TrendStats) != 3 {
		t.Errorf("FromEnv = %+v, %v", c, err)
	}
	_, err = FromEnv(map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":                "localhost:9090",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL":             "soon",
		"K6_PROMETHEUS_RW_TREND_STATS":               "p(101)",
		"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "true",
		"K6_PROMETHEUS_RW_SIGV4_REGION":              "eu-west-1",
		"K6_PROMETHEUS_RW_STALE_MARKER":              "true",
		"K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY":  "yes",
		"K6_PROMETHEUS_RW_LABELS":                    "novalue",
	})
	for _, want := range []string{
		`K6_PROMETHEUS_RW_SERVER_URL="localhost:9090": give the endpoint's full URL`,
		`K6_PROMETHEUS_RW_PUSH_INTERVAL: invalid duration "soon"`,
		`K6_PROMETHEUS_RW_TREND_STATS: stat "p(101)": the percentile must be a number from 0 to 100`,
		"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM=true is not supported by mcpchaos",
		"K6_PROMETHEUS_RW_SIGV4_REGION=eu-west-1 is not supported",
		"K6_PROMETHEUS_RW_STALE_MARKER is no setting of this output (a typo?)",
		`K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY="yes": not a boolean`,
		`K6_PROMETHEUS_RW_LABELS: item "novalue": write key=value pairs`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nwant %q", err, want)
		}
	}
}
