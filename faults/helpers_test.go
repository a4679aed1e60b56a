package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// newInjector returns an injector on cfg whose events go to the test log
// file, reverting what is left when the test ends.
func newInjector(t *testing.T, cfg *config.Config, opts ...faults.Option) (*faults.Injector, *bytes.Buffer) {
	t.Helper()
	var events bytes.Buffer
	in, err := faults.New(cfg, append([]faults.Option{faults.WithEventLog(&events)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := in.Close(context.Background()); err != nil {
			t.Errorf("close injector: %v", err)
		}
	})
	return in, &events
}

// dial opens an MCP session on the stack's server.
func dial(ctx context.Context, t *testing.T, cfg *config.Config) *session.Session {
	t.Helper()
	o := session.OptionsFromConfig(cfg.MCP, nil, "")
	o.Timeout = 20 * time.Second
	s, err := session.Dial(ctx, o)
	if err != nil {
		t.Fatalf("MCP session: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// search calls the search tool; ok is false for an error result or a
// failed call.
func search(ctx context.Context, s *session.Session, q string) (session.Result, bool, error) {
	r, err := s.CallTool(ctx, "search", map[string]any{"query": q})
	return r, err == nil && !r.IsError, err
}

// medianSearch is the median duration of n successful search calls.
func medianSearch(ctx context.Context, t *testing.T, s *session.Session, n int) time.Duration {
	t.Helper()
	var ds []time.Duration
	for i := range n {
		r, ok, err := search(ctx, s, fmt.Sprintf("median-%d", i))
		if !ok {
			t.Fatalf("search failed: %v %s", err, r.Raw)
		}
		ds = append(ds, r.Duration)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// toxics lists the toxic names on the stack's downstream proxy.
func toxics(t *testing.T, cfg *config.Config) []string {
	t.Helper()
	var ts []struct{ Name string }
	getJSON(t, cfg.Faults.Toxiproxy.URL+"/proxies/downstream/toxics", &ts)
	var names []string
	for _, x := range ts {
		names = append(names, x.Name)
	}
	return names
}

func getJSON(t *testing.T, u string, out any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: HTTP %d", u, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// logCount counts VictoriaLogs lines matching a LogsQL filter.
func logCount(t *testing.T, cfg *config.Config, filter string) int {
	t.Helper()
	q := url.Values{"query": {filter + " | stats count() n"}}
	resp, err := http.Get(cfg.Backends.Logs.URL + "/select/logsql/query?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var row struct{ N string }
	if err := json.NewDecoder(resp.Body).Decode(&row); err != nil {
		return 0 // no row: nothing matched
	}
	var n int
	fmt.Sscan(row.N, &n)
	return n
}

// linesWith counts the lines of the server's log file containing s.
func linesWith(t *testing.T, path, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), s)
}

// eventually polls cond until it holds or d passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s; last: %s", what, d, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// eventsOf lists the event names of the log, renewals left out (how
// many there are depends on timing).
func eventsOf(t *testing.T, b *bytes.Buffer) []string {
	t.Helper()
	var names []string
	dec := json.NewDecoder(bytes.NewReader(b.Bytes()))
	for dec.More() {
		var e faults.Event
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("event log: %v", err)
		}
		if e.Event != faults.EventRenew {
			names = append(names, e.Event)
		}
	}
	return names
}

// supervisorOf is a client of the stack's supervisor.
func supervisorOf(t *testing.T, cfg *config.Config) *control.Client {
	t.Helper()
	sup, err := control.NewClientFromFile(cfg.Faults.Supervisor.URL, cfg.Faults.Supervisor.TokenFile)
	if err != nil {
		t.Fatal(err)
	}
	return sup
}

// componentOf is a component's status now.
func componentOf(ctx context.Context, t *testing.T, sup *control.Client, name string) control.Component {
	t.Helper()
	c, err := sup.Component(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
