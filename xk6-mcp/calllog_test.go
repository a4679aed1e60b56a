package mcp_test

import (
	"context"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	"github.com/mcpchaos/mcpchaos/internal/calllog"
	"github.com/mcpchaos/mcpchaos/xk6-mcp"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// TestCallLog: every call with a trace id lands in the run's call log,
// with its tool, sampled flag, outcome and scenario.
func TestCallLog(t *testing.T) {
	srv := startServer(t, testserver.StreamableHTTP, 0)
	log := calllog.New(0)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	vu, err := modulestest.NewLoaded(ctx, "mcp", mcp.New(mcp.WithCallLog(log)))
	if err != nil {
		t.Fatal(err)
	}
	defer vu.Close()
	vu.StartIteration(map[string]string{"scenario": "default"})
	runJS(t, vu, `
const a = mcp.connect(`+js(srv.URL)+`);
a.callTool({ name: 'echo', arguments: { text: 'a' } });
a.callTool({ name: 'fail' });
const b = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+`, sampled: false });
b.callTool({ name: 'echo', arguments: { text: 'b' } });
`)
	calls, dropped := log.Select(calllog.Filter{Method: "tools/call"})
	if len(calls) != 3 || dropped != 0 {
		t.Fatalf("%d calls (dropped %d): %+v", len(calls), dropped, calls)
	}
	if c := calls[0]; c.Target != "echo" || !c.Sampled || c.Failed || c.SessionID == "" || len(c.TraceID) != 32 {
		t.Errorf("first call %+v", c)
	}
	if !calls[1].Failed || calls[1].Target != "fail" {
		t.Errorf("the failing call %+v", calls[1])
	}
	if calls[2].Sampled {
		t.Errorf("an unsampled call is logged sampled: %+v", calls[2])
	}
}
