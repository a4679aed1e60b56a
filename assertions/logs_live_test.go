package assertions_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// Helpers for the logs tests on the live stack: MCP calls to the
// reference server, lines written straight into VictoriaLogs, and ids
// unique to one test run.

// uniqueID is 16 random hex characters.
func uniqueID(t *testing.T) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// traceID is a random 32-hex trace id, one no call has.
func traceID(t *testing.T) string { return uniqueID(t) + uniqueID(t) }

// mcpCalls makes sessions × per echo calls to the reference server, the
// sessions concurrently, and returns the calls' trace ids.
func mcpCalls(t *testing.T, sessions, per int, args func(s, i int) map[string]any) []string {
	t.Helper()
	liveStack(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	opts := session.OptionsFromConfig(live.cfg.MCP, nil, "")
	var (
		mu  sync.Mutex
		ids []string
		wg  sync.WaitGroup
	)
	errs := make(chan error, sessions)
	for s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess, err := session.Dial(ctx, opts)
			if err != nil {
				errs <- err
				return
			}
			defer sess.Close()
			for i := range per {
				res, err := sess.CallTool(ctx, "echo", args(s, i))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				ids = append(ids, res.TraceID)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("MCP call: %v", err)
	}
	sort.Strings(ids)
	return ids
}

// echoCall makes one echo call and returns its trace id.
func echoCall(t *testing.T, args map[string]any) string {
	t.Helper()
	return mcpCalls(t, 1, 1, func(int, int) map[string]any { return args })[0]
}

// insertLines writes lines into VictoriaLogs through its JSON lines API,
// each line's "run" field its stream.
func insertLines(t *testing.T, lines ...map[string]any) {
	t.Helper()
	liveStack(t)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	// The content type matters: a form type makes VictoriaLogs read the
	// body as form values and ingest nothing.
	resp, err := http.Post(live.st.URLs().VictoriaLogs+"/insert/jsonline?_stream_fields=run", "application/stream+json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("insert into VictoriaLogs: HTTP %d", resp.StatusCode)
	}
}

// line is one harness-written line of run.
func line(run, msg string, fields map[string]any) map[string]any {
	l := map[string]any{"_msg": msg, "run": run}
	for k, v := range fields {
		l[k] = v
	}
	return l
}
