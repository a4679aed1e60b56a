package promrw

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// BenchmarkOutput: the cost per sample of buffering, aggregating and
// pushing (to a loopback endpoint that discards), for batches of 128 over
// 100 tag sets of http_reqs and http_req_duration.
func BenchmarkOutput(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	cfg, err := FromEnv(map[string]string{"K6_PROMETHEUS_RW_SERVER_URL": srv.URL, "K6_PROMETHEUS_RW_PUSH_INTERVAL": "100ms"})
	if err != nil {
		b.Fatal(err)
	}
	o, err := New(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	reg := metrics.NewRegistry()
	bi, err := metrics.RegisterBuiltins(reg)
	if err != nil {
		b.Fatal(err)
	}
	batch := make([]metrics.Sample, 128)
	now := time.Now()
	for i := range batch {
		tags := metrics.NewTagSet(map[string]string{"name": "req" + strconv.Itoa(i%100), "method": "GET", "status": "200"})
		m := bi.HTTPReqs
		if i%2 == 1 {
			m = bi.HTTPReqDuration
		}
		batch[i] = metrics.Sample{Metric: m, Tags: tags, Time: now, Value: float64(i)}
	}
	if err := o.Start(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		o.AddSamples(batch)
		o.pipe.Aggregate()
	}
	if err := o.Stop(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/sample")
}
