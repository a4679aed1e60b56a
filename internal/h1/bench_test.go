//go:build unix

package h1_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/h1"
)

// BenchmarkRoundTrip compares a small POST round trip on one keep-alive
// connection through net/http's Transport and through h1. The server runs
// in the same process, so its share is in both. Wall time per op is a
// latency, which net/http's reader and writer goroutines shorten by
// running beside the caller; cpu-ns/op is the process's CPU time per
// request, what a load generator runs out of.
func BenchmarkRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":{}}`)
	}))
	b.Cleanup(srv.Close)
	transports := []struct {
		name string
		new  func() http.RoundTripper
	}{
		{"net/http", func() http.RoundTripper { return &http.Transport{MaxIdleConnsPerHost: 4} }},
		{"h1", func() http.RoundTripper { return h1.New(h1.Config{}) }},
	}
	for _, sessions := range []int{1, 100} {
		for _, c := range transports {
			b.Run(fmt.Sprintf("%s/sessions=%d", c.name, sessions), func(b *testing.B) {
				b.ReportAllocs()
				// Each goroutine is a session with a transport of its own.
				b.SetParallelism((sessions + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
				cpu0 := cpuTime()
				b.RunParallel(func(pb *testing.PB) {
					tr := c.new()
					for pb.Next() {
						roundTrip(b, tr, srv.URL)
					}
				})
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

func roundTrip(b *testing.B, tr http.RoundTripper, url string) {
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"ping"}`))
	resp, err := tr.RoundTrip(req)
	if err != nil {
		b.Error(err)
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}

// cpuTime is the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
