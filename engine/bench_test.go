package engine_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
)

// benchOptions runs testdata/empty.js with vus VUs sharing iterations.
func benchOptions(vus, iterations int64) engine.Options {
	return engine.Options{
		ScriptPath: filepath.Join("testdata", "empty.js"),
		Modules:    jsModules(),
		VUs:        vus,
		Iterations: max(iterations, vus),
		Stdout:     io.Discard,
		Stderr:     io.Discard,
		Logger:     slog.New(slog.DiscardHandler),
	}
}

// BenchmarkEmptyIterations reports empty iterations per second of test
// run time (VU initialization excluded, as k6 counts it).
func BenchmarkEmptyIterations(b *testing.B) {
	for _, vus := range []int64{1, 50} {
		b.Run("vus="+itoa(vus), func(b *testing.B) {
			e, err := engine.New(context.Background(), benchOptions(vus, int64(b.N)))
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			res, err := e.Run(context.Background())
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(max(int64(b.N), vus))/res.Elapsed.Seconds(), "iters/s")
		})
	}
}

// BenchmarkVUMemory reports the heap each of 1,000 initialized VUs holds
// (measured once, whatever b.N is: the figure does not depend on it).
func BenchmarkVUMemory(b *testing.B) {
	const vus = 1000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e, err := engine.New(context.Background(), benchOptions(vus, vus))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(e)
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/vus, "bytes/VU")
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
