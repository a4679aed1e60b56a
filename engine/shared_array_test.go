package engine_test

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// TestSharedArray: k6's documented behaviour, through the public entry
// point: the function runs once for all VUs, elements read back as built,
// the array and its elements are read-only, and construction outside init
// code or from a non-array is an error that says so.
func TestSharedArray(t *testing.T) {
	t.Parallel()
	o := checksPass(t, "shared_array/shared_array.js", 8*12)
	if n := strings.Count(o.stderr, "building the users array"); n != 1 {
		t.Errorf("the SharedArray function ran %d times for 5 VUs, want once:\n%s", n, o.stderr)
	}

	bad := runScript(t, context.Background(), "shared_array/not_array.js", nil, nil)
	if bad.code() != engine.ExitScriptException || !strings.Contains(bad.err.Error(), `SharedArray "config": the function must return an array`) {
		t.Errorf("a non-array: exit %d, err %v; want 107 naming the array", bad.code(), bad.err)
	}
}

// heapModule is k6/x/heap for the memory test: measure() collects
// garbage and records the live heap.
type heapModule struct{ live atomic.Uint64 }

func (h *heapModule) NewInstance(modules.VU) (modules.Instance, error) { return h, nil }

func (h *heapModule) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"measure": func() {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.live.Store(ms.HeapAlloc)
	}}}
}

// liveHeap runs big.js and returns the live heap once every VU has run
// its init code.
func liveHeap(t *testing.T, vus, rows string) uint64 {
	t.Helper()
	h := &heapModule{}
	o := runScript(t, context.Background(), "shared_array/big.js", map[string]string{"VUS": vus, "ROWS": rows}, func(opts *engine.Options) {
		opts.Modules["k6/x/heap"] = h
	})
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "iterations", "count"); v == 0 {
		t.Fatal("no iteration ran")
	}
	return h.live.Load()
}

// TestSharedArrayMemory: 200 VUs of a 10 MB SharedArray hold about one
// copy of its data. The heap with the big array, less the heap with a
// tiny one (the VUs' own runtimes), stays under 3 copies; a copy per VU
// would be 200.
func TestSharedArrayMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 400 VUs")
	}
	const copyMB = 10.0 // 100 000 rows of ~100 bytes of JSON
	base := liveHeap(t, "200", "10")
	big := liveHeap(t, "200", "100000")
	extra := (float64(big) - float64(base)) / (1 << 20)
	t.Logf("live heap after 200 VUs' init: %.1f MiB with 10 rows, %.1f MiB with 100000 rows (~%.0f MB of JSON): +%.1f MiB",
		float64(base)/(1<<20), float64(big)/(1<<20), copyMB, extra)
	if extra > 3*copyMB {
		t.Errorf("the 10 MB SharedArray added %.1f MiB to 200 VUs: it is not shared (one copy is ~%.0f MB)", extra, copyMB)
	}
}
