package mcp_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// stdioServer is the path of the test stdio server, built once.
var stdioServer string

func TestMain(m *testing.M) {
	os.Exit(testserver.MainWithStdio(m, &stdioServer))
}

// newVU returns a fake VU with k6/x/mcp loaded as the global `mcp`, in
// init state; it is closed (closing its sessions) at the end of the test.
func newVU(t *testing.T) *modulestest.VU {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	vu, err := modulestest.NewLoaded(ctx, "mcp", mcp.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vu.Close() })
	return vu
}

// running returns a VU already in iteration state.
func running(t *testing.T) *modulestest.VU {
	vu := newVU(t)
	vu.StartIteration(map[string]string{"scenario": "default"})
	return vu
}

// runJS runs src and fails the test on an exception.
func runJS(t *testing.T, vu *modulestest.VU, src string) sobek.Value {
	t.Helper()
	v, err := vu.Run(src)
	if err != nil {
		t.Fatalf("script failed: %v\n%s", err, src)
	}
	return v
}

func startServer(t *testing.T, kind testserver.Kind, pageSize int) *testserver.Server {
	t.Helper()
	return testserver.Run(t, kind, testserver.Config{PageSize: pageSize})
}

// js quotes s as a JavaScript string literal.
func js(s string) string { return fmt.Sprintf("%q", s) }

// samplesWith returns the samples of a metric whose tags include want.
func samplesWith(vu *modulestest.VU, name string, want map[string]string) []metrics.Sample {
	var out []metrics.Sample
	for _, s := range vu.SamplesOf(name) {
		if s.Tags.Contains(metrics.NewTagSet(want)) {
			out = append(out, s)
		}
	}
	return out
}

func sum(samples []metrics.Sample) float64 {
	total := 0.0
	for _, s := range samples {
		total += s.Value
	}
	return total
}

func tagString(samples []metrics.Sample) string {
	var b strings.Builder
	for _, s := range samples {
		b.WriteString(s.Metric.Name + "{" + s.Tags.String() + "} ")
	}
	return b.String()
}
