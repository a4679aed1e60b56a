package mcp_test

import (
	"context"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// TestSessionChurnStaysFlat: a script that opens and closes a session per
// iteration (session churn, a normal load pattern) holds no memory for
// the closed sessions: the VU's heap after 10,000 open/close cycles is
// within 10% of its heap after 1,000. The server runs in its own process
// so its state does not count.
func TestSessionChurnStaysFlat(t *testing.T) {
	url := testserver.RunProcess(t, stdioServer).URL
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	vu, err := modulestest.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := vu.Load("mcp", mcp.New())
	t.Cleanup(func() { _ = vu.Close() })
	if err != nil {
		t.Fatal(err)
	}
	vu.StartIteration(nil)
	vu.St.Samples = metrics.PusherFunc(func(...metrics.Sample) {}) // the test VU would keep every sample
	runJS(t, vu, `function churn(n) {
  for (let i = 0; i < n; i++) {
    const c = mcp.connect(`+js(url)+`, { newSession: true });
    c.ping();
    c.close();
  }
}`)
	heapAfter := func(n int) uint64 {
		runJS(t, vu, "churn("+strconv.Itoa(n)+")")
		if open := mcp.OpenLinks(inst); open != 0 {
			t.Fatalf("%d sessions still held after closing them all", open)
		}
		var ms runtime.MemStats
		for range 3 {
			runtime.GC()
		}
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	heapAfter(200) // warm up: connection pools, JIT'd code, tracers
	h1k := heapAfter(1000)
	h10k := heapAfter(9000)
	t.Logf("heap after 1,000 cycles %d KiB, after 10,000 %d KiB (%.1f%%)", h1k>>10, h10k>>10, 100*(float64(h10k)/float64(h1k)-1))
	if float64(h10k) > 1.10*float64(h1k) {
		t.Errorf("heap grew from %d KiB after 1,000 session open/close cycles to %d KiB after 10,000: closed sessions are kept", h1k>>10, h10k>>10)
	}
}
