package assertions_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// TestLogsQLEscapingOnVictoriaLogs proves the compiled LogsQL on the real
// VictoriaLogs: values with quotes, backslashes, colons, spaces, OR and
// wildcards select exactly their own lines, and near misses none.
func TestLogsQLEscapingOnVictoriaLogs(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	run := uniqueID(t)
	nasty := "a\"b' `c\\d: e* OR f | g.*(h)} x"
	since := time.Now().Add(-time.Minute)
	insertLines(t,
		line(run, "first line", map[string]any{"v": nasty, "level": "INFO", "k:ey \"q\"": "1"}),
		line(run, "second line", map[string]any{"v": nasty + " and more", "level": "info"}),
		line(run, "third line", map[string]any{"v": "a", "level": "warn"}),
	)
	count := func(sel assertions.LogSelector) int64 {
		t.Helper()
		sel.Fields = merge(sel.Fields, map[string]string{"run": run})
		n, q, err := b.Logs.Count(ctx, assertions.LogQuery{Selector: sel, From: since})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	// The lines become searchable within about a second.
	deadline := time.Now().Add(20 * time.Second)
	for count(assertions.LogSelector{}) < 3 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	tests := []struct {
		name string
		sel  assertions.LogSelector
		want int64
	}{
		{"all three", assertions.LogSelector{}, 3},
		{"equals the nasty value", assertions.LogSelector{Fields: map[string]string{"v": nasty}}, 1},
		{"contains it", assertions.LogSelector{Contains: map[string]string{"v": nasty}}, 2},
		{"contains its OR and wildcard as text", assertions.LogSelector{Contains: map[string]string{"v": "e* OR f"}}, 2},
		{"equals a", assertions.LogSelector{Fields: map[string]string{"v": "a"}}, 1},
		{"a near miss", assertions.LogSelector{Fields: map[string]string{"v": `a"b`}}, 0},
		{"an injection attempt", assertions.LogSelector{Fields: map[string]string{"v": `x" OR "a`}}, 0},
		{"an injected wildcard", assertions.LogSelector{Fields: map[string]string{"v": `*`}}, 0},
		{"a field name with a colon and quotes", assertions.LogSelector{Fields: map[string]string{"k:ey \"q\"": "1"}}, 1},
		{"regex", assertions.LogSelector{Regex: map[string]string{"v": `^a"b`}}, 2},
		{"level, any case", assertions.LogSelector{Level: "Info"}, 2},
		{"message", assertions.LogSelector{Message: "second"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := count(tt.sel); got != tt.want {
				t.Fatalf("%s: %d lines, want %d", tt.sel, got, tt.want)
			}
		})
	}
	counts, q, err := b.Logs.CountByValue(ctx, assertions.LogQuery{Selector: assertions.LogSelector{Fields: map[string]string{"run": run}}, From: since}, "v", []string{nasty, "a", "absent"})
	if err != nil || len(counts) != 2 || counts[nasty].Lines != 1 || counts["a"].Lines != 1 || counts[nasty].First.IsZero() {
		t.Fatalf("count by value: %+v, %v (%s)", counts, err, q)
	}
}

func merge(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range []map[string]string{a, b} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// TestVictoriaLogsBadAnswers: an answer that cannot be read, or that
// leaves a count out, is an error, never a count of 0.
func TestVictoriaLogsBadAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string
		status           int
	}{
		{"not JSON", `<html>proxy error</html>`, "could not be read", 200},
		{"no count in the answer", `{"status":"success","data":{"resultType":"vector","result":[]}}`, "no count named n", 200},
		{"a count that is not a number", `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"n"},"value":[1,"many"]}]}}`, "not a whole number", 200},
		{"an error status", `{"status":"error","errorType":"422","error":"cannot parse query"}`, "cannot parse query", 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/select/logsql/stats_query" || r.FormValue("query") == "" || r.FormValue("start") == "" {
					t.Errorf("got %s %s query=%q start=%q", r.Method, r.URL.Path, r.FormValue("query"), r.FormValue("start"))
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			b, err := assertions.New(config.Backends{Logs: config.Endpoint{URL: srv.URL}})
			if err != nil {
				t.Fatal(err)
			}
			r := assertions.LogsMatch{Selector: finished, Within: time.Second}.Evaluate(context.Background(), b)
			if r.Status != assertions.Error || !strings.Contains(r.Why, tt.want) {
				t.Fatalf("want error %q: %s", tt.want, r)
			}
		})
	}
}

// TestLogsUnreachable: every logs expectation on a backend that refuses
// connections is Error, never pass or fail, on either driver.
func TestLogsUnreachable(t *testing.T) {
	t.Parallel()
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	exps := []assertions.Expectation{
		assertions.LogsMatch{Selector: finished, Within: 500 * time.Millisecond},
		assertions.LogsComplete{IDs: []string{idA}, Selector: finished, Within: 500 * time.Millisecond},
		assertions.LogsNeverContain{Values: []string{"hunter22"}, Selector: finished},
		assertions.LogsHaveFields{Fields: []string{"trace_id"}, Selector: finished, Within: 500 * time.Millisecond},
	}
	for _, kind := range []string{"victorialogs", "loki"} {
		b, err := assertions.New(config.Backends{Logs: config.Endpoint{Kind: kind, URL: "http://" + addr}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range exps {
			t.Run(kind+"/"+e.Kind(), func(t *testing.T) {
				t.Parallel()
				r := e.Evaluate(context.Background(), b)
				if r.Status != assertions.Error || !strings.Contains(r.Why, "unreachable") || r.Backend != kind {
					t.Fatalf("want error naming the unreachable %s: %s", kind, r)
				}
			})
		}
	}
}

func TestLogsBackendConfig(t *testing.T) {
	t.Parallel()
	_, err := assertions.New(config.Backends{Logs: config.Endpoint{Kind: "elastic", URL: "http://127.0.0.1:1"}})
	if err == nil || !strings.Contains(err.Error(), "backends.logs.kind") || !strings.Contains(err.Error(), "victorialogs") || !strings.Contains(err.Error(), "loki") {
		t.Fatalf("an unknown kind: %v, want an error naming backends.logs.kind and the choices", err)
	}
	r := assertions.LogsMatch{Selector: finished}.Evaluate(context.Background(), &assertions.Backends{})
	if r.Status != assertions.Error || !strings.Contains(r.Why, "backends.logs.url") {
		t.Fatalf("no logs backend: %s", r)
	}
}

// TestLogsWindowOnVictoriaLogs: Since and Until bound what is counted
// (VictoriaLogs's start and end arguments, end exclusive).
func TestLogsWindowOnVictoriaLogs(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	run := uniqueID(t)
	now := time.Now()
	at := func(d time.Duration) string { return now.Add(d).UTC().Format(time.RFC3339Nano) }
	insertLines(t,
		line(run, "old", map[string]any{"_time": at(-10 * time.Minute)}),
		line(run, "new", map[string]any{"_time": at(-time.Minute)}),
	)
	sel := assertions.LogSelector{Fields: map[string]string{"run": run}}
	waitLines(t, sel, now.Add(-time.Hour), 2)
	tests := []struct {
		name        string
		since, till time.Duration
		want        int64
	}{
		{"both", -20 * time.Minute, 0, 2},
		{"since leaves the old one out", -5 * time.Minute, 0, 1},
		{"until leaves the new one out", -20 * time.Minute, -5 * time.Minute, 1},
		{"until is exclusive", -20 * time.Minute, -10 * time.Minute, 0},
	}
	for _, tt := range tests {
		q := assertions.LogQuery{Selector: sel, From: now.Add(tt.since)}
		if tt.till != 0 {
			q.To = now.Add(tt.till)
		}
		if n, query, err := b.Logs.Count(ctx, q); err != nil || n != tt.want {
			t.Errorf("%s: %d lines (%v), want %d [%s]", tt.name, n, err, tt.want, query)
		}
	}
	r := assertions.LogsMatch{Selector: sel, Since: now.Add(-5 * time.Minute), Min: 2, Within: 500 * time.Millisecond}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || r.Last != int64(1) {
		t.Fatalf("a window with one of the two lines: want fail at 1: %s", r)
	}
}
