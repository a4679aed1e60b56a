package bench

import (
	"context"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// plainClient opens a bare mcp-go client on its own HTTP transport (as a
// k6/x/mcp session has), speaking the protocol version k6/x/mcp defaults
// to.
func plainClient(ctx context.Context, url string) (*client.Client, error) {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 90 * time.Second}}
	c, err := client.NewStreamableHttpClient(url, transport.WithHTTPBasicClient(hc))
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_LEGACY_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "plain", Version: "1"}
	if _, err := c.Initialize(ctx, init); err != nil {
		_ = c.Close()
		return nil, err
	}
	return c, nil
}

// plainLoop runs n goroutines, each calling noop on its own client for d,
// after warm, and returns the calls per second over d. With
// traced, each call carries a fresh traceparent in the header and
// params._meta as k6/x/mcp's do, so the server does the same work.
func plainLoop(t testing.TB, srv noopServer, n int, warm, d time.Duration, traced bool) sample {
	t.Helper()
	ctx := context.Background()
	clients := make([]*client.Client, n)
	for i := range clients {
		c, err := plainClient(ctx, srv.URL)
		if err != nil {
			t.Fatalf("plain client %d: %v", i, err)
		}
		clients[i] = c
	}
	defer func() {
		for _, c := range clients {
			_ = c.Close()
		}
	}()
	var calls, failures atomic.Int64
	var measuring atomic.Bool
	var wg sync.WaitGroup
	start := time.Now().Add(warm)
	deadline := start.Add(d)
	time.AfterFunc(warm, func() { measuring.Store(true) })
	cpu := watchCPU(os.Getpid(), srv.PID, warm, d)
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var req mcp.CallToolRequest
			req.Params.Name = "noop"
			for time.Now().Before(deadline) {
				if traced {
					tracedRequest(&req)
				}
				if _, err := c.CallTool(ctx, req); err != nil {
					failures.Add(1)
					continue
				}
				if measuring.Load() {
					calls.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if f := failures.Load(); f > 0 {
		t.Errorf("plain loop: %d calls failed", f)
	}
	use := <-cpu
	return sample{rate: float64(calls.Load()) / time.Since(start).Seconds(), clientCPU: use.client, server: use.server}
}

// tracedRequest gives req a fresh traceparent in its header and
// params._meta, as k6/x/mcp's calls carry.
func tracedRequest(req *mcp.CallToolRequest) {
	tp := traceparent.New(true).String()
	req.Header = http.Header{"Traceparent": {tp}}
	req.Params.Meta = &mcp.Meta{AdditionalFields: map[string]any{"traceparent": tp}}
}
