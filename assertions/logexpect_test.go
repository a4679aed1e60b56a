package assertions_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// The logs expectations on the live stack: the reference server's own
// lines (shipped by the collector into VictoriaLogs) and lines the tests
// write into VictoriaLogs themselves, to withhold some. These tests run
// one after the other: the stack is shared.

// serverLines are the reference server's per-call lines.
var serverLines = assertions.LogSelector{Service: "mcp-server", Message: "tool call finished"}

func TestLogsMatchFindsTheServersLineByTraceID(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Second)
	id := echoCall(t, map[string]any{"message": "find me by my trace id"})
	sel := assertions.LogSelector{Service: "mcp-server", Fields: map[string]string{"trace_id": id}}
	r := assertions.LogsMatch{Selector: sel, Since: since, Within: 30 * time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || r.Last != int64(1) || r.Backend != "victorialogs" {
		t.Fatalf("want the one line of trace %s: %s (last %v)", id, r, r.Last)
	}
	t.Logf("%s after %d polls, %s", r, r.Polls, r.Ended.Sub(r.Started).Round(time.Millisecond))

	raw := assertions.LogSelector{Query: fmt.Sprintf(`trace_id:=%q | filter tool_name:=echo`, id)}
	if r := (assertions.LogsMatch{Selector: raw, Since: since}).Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Fatalf("a raw LogsQL query: %s", r)
	}
	r = assertions.LogsMatch{Selector: sel, Since: since, Within: time.Second, Min: 2}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || r.Last != int64(1) || !strings.Contains(r.Why, "1 line matched (want at least 2)") {
		t.Fatalf("want a fail showing the last count: %s (last %v)", r, r.Last)
	}
}

func TestLogsMatchFailsWithTheLastCount(t *testing.T) {
	b := liveStack(t)
	sel := assertions.LogSelector{Service: "mcp-server", Fields: map[string]string{"trace_id": traceID(t)}}
	r := assertions.LogsMatch{Selector: sel, Within: 1500 * time.Millisecond}.Evaluate(context.Background(), b)
	if r.Status != assertions.Fail || r.Last != int64(0) || !strings.Contains(r.Why, "0 lines matched (want at least 1)") || r.Polls < 2 {
		t.Fatalf("want a fail with the last count 0 after polling: %s (last %v, polls %d)", r, r.Last, r.Polls)
	}
}

func TestLogsRawQueryErrors(t *testing.T) {
	b := liveStack(t)
	for _, q := range []string{`service:(`, `* | stats count()`} {
		start := time.Now()
		r := assertions.LogsMatch{Selector: assertions.LogSelector{Query: q}, Within: 20 * time.Second}.Evaluate(context.Background(), b)
		if r.Status != assertions.Error || time.Since(start) > 5*time.Second {
			t.Fatalf("%q: want error at once: %s after %s", q, r, time.Since(start))
		}
		t.Logf("%q: %s", q, r.Why)
	}
}

func TestLogsComplete500Calls(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Second)
	start := time.Now()
	ids := mcpCalls(t, 20, 25, func(s, i int) map[string]any {
		return map[string]any{"message": fmt.Sprintf("completeness %d/%d", s, i)}
	})
	calls := time.Since(start)
	if len(ids) != 500 {
		t.Fatalf("made %d calls, want 500", len(ids))
	}
	e := assertions.LogsComplete{IDs: ids, Selector: serverLines, Since: since, Within: time.Minute}
	r := e.Evaluate(ctx, b)
	rep, _ := r.Details.(assertions.LogsReport)
	if r.Status != assertions.Pass || rep.Sent != 500 || rep.Found != 500 || len(rep.Missing) != 0 || len(rep.Duplicated) != 0 {
		t.Fatalf("want all 500 found: %s\n%+v", r, rep)
	}
	t.Logf("500 calls in %s; %s in %s, %d polls; lag %+v %s", calls.Round(time.Millisecond), r, r.Ended.Sub(r.Started).Round(time.Millisecond), r.Polls, rep.IngestLag, rep.IngestLagNote)

	withheld := []string{traceID(t), traceID(t), traceID(t)}
	sort.Strings(withheld)
	e.IDs, e.Within = append(append([]string(nil), ids...), withheld...), 2*time.Second
	r = e.Evaluate(ctx, b)
	rep, _ = r.Details.(assertions.LogsReport)
	if r.Status != assertions.Fail || rep.Found != 500 || !reflect.DeepEqual(rep.Missing, withheld) {
		t.Fatalf("want the 3 ids without a call missing, exactly: %s\n%+v", r, rep.Missing)
	}
	if !strings.Contains(r.Why, "500 of 503 ids found; 3 missing: "+strings.Join(withheld, ", ")) {
		t.Fatalf("the message names the missing ids: %s", r.Why)
	}
}

func TestLogsCompleteWithheldLines(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	run := uniqueID(t)
	var ids, sent []string
	withheld := map[string]bool{"call-007": true, "call-042": true, "call-099": true}
	for i := range 100 {
		id := fmt.Sprintf("call-%03d", i)
		ids = append(ids, id)
		if !withheld[id] {
			sent = append(sent, id)
		}
	}
	lines := func(ids []string) []map[string]any {
		var out []map[string]any
		for _, id := range ids {
			out = append(out, line(run, "harness line", map[string]any{"call_id": id, "_time": time.Now().UTC().Format(time.RFC3339Nano)}))
		}
		return out
	}
	sel := assertions.LogSelector{Fields: map[string]string{"run": run}}
	e := assertions.LogsComplete{IDs: ids, Field: "call_id", Selector: sel, Since: time.Now().Add(-time.Minute), Within: 6 * time.Second}

	// Half the lines are there before the first poll, the rest arrive
	// while it polls: those give the lag.
	insertLines(t, lines(sent[:50])...)
	var r assertions.Result
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r = e.Evaluate(ctx, b) }()
	time.Sleep(700 * time.Millisecond)
	insertLines(t, lines(append(sent[50:], "call-010"))...)
	wg.Wait()

	rep, _ := r.Details.(assertions.LogsReport)
	if r.Status != assertions.Fail || rep.Sent != 100 || rep.Found != 97 || !reflect.DeepEqual(rep.Missing, []string{"call-007", "call-042", "call-099"}) {
		t.Fatalf("want exactly the withheld ids missing: %s\n%+v", r, rep)
	}
	if !reflect.DeepEqual(rep.Duplicated, map[string]int64{"call-010": 2}) || !strings.Contains(r.Why, "call-010 (2 lines)") {
		t.Fatalf("want call-010 duplicated: %+v; %s", rep.Duplicated, r.Why)
	}
	if lag := rep.IngestLag; lag == nil || lag.Samples < 1 || lag.Max > 10*time.Second || lag.Max < lag.P50 {
		t.Fatalf("the late lines give a lag: %+v (%s)", lag, rep.IngestLagNote)
	}
	t.Logf("%s\nlag of the %d late lines: p50 %s p99 %s max %s (resolution %s)", r, rep.IngestLag.Samples, rep.IngestLag.P50, rep.IngestLag.P99, rep.IngestLag.Max, rep.IngestLag.Resolution)

	e.IDs = sent
	if r := e.Evaluate(ctx, b); r.Status != assertions.Pass || !strings.Contains(r.Why, "call-010 (2 lines)") {
		t.Fatalf("every sent id found, one duplicated: want pass noting it: %s", r)
	}
	e.Exact = true
	if r := e.Evaluate(ctx, b); r.Status != assertions.Fail || !strings.Contains(r.Why, "exact: 1 id of 97 with more than one line: call-010") {
		t.Fatalf("exact: want fail naming the duplicate: %s", r)
	}
}

func TestLogsNeverContain(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Second)
	token, password := "tok-"+uniqueID(t), "pw-"+uniqueID(t)
	id := echoCall(t, map[string]any{"message": "redaction check", "token": token, "password": password})
	leak := "leak-" + uniqueID(t)
	leakID := echoCall(t, map[string]any{"message": "not a secret to the server: " + leak})
	waitLines(t, assertions.LogSelector{Service: "mcp-server", Regex: map[string]string{"trace_id": "^(" + id + "|" + leakID + ")$"}}, since, 2)

	r := assertions.LogsNeverContain{Values: []string{token, password}, Selector: assertions.LogSelector{Service: "mcp-server"}, Since: since}.Evaluate(ctx, b)
	if r.Status != assertions.Pass {
		t.Fatalf("the server redacts token and password arguments: want pass: %s", r)
	}
	t.Logf("%s", r)

	r = assertions.LogsNeverContain{Values: []string{token, leak}, Selector: assertions.LogSelector{Service: "mcp-server"}, Since: since}.Evaluate(ctx, b)
	found, _ := r.Details.([]assertions.SecretFound)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "secret #2 (le…(21 chars)) is in 1 line") || len(found) != 1 || found[0].Index != 1 {
		t.Fatalf("the echo message is logged as is: want fail naming secret #2: %s (%+v)", r, found)
	}
	noSecret(t, r, token, leak)

	run := uniqueID(t)
	nasty := `s3"cr\et: ` + uniqueID(t)
	insertLines(t, line(run, "Authorization: "+nasty, nil))
	sel := assertions.LogSelector{Fields: map[string]string{"run": run}}
	// Checked right after the line shows: VictoriaLogs v1.52.1 missed
	// lines this fresh when the count was a stats `if` over every field.
	waitLines(t, sel, since, 1)
	r = assertions.LogsNeverContain{Values: []string{nasty}, Selector: sel, Since: since}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "secret #1 (s3…(") {
		t.Fatalf("a line with the secret: want fail naming it: %s", r)
	}
	noSecret(t, r, nasty)

	empty := assertions.LogsNeverContain{Values: []string{token}, Selector: assertions.LogSelector{Fields: map[string]string{"run": uniqueID(t)}}, Since: since}
	if r := empty.Evaluate(ctx, b); r.Status != assertions.Fail || !strings.Contains(r.Why, "no line matched") {
		t.Fatalf("an empty window: want fail: %s", r)
	}
	empty.AllowEmpty = true
	if r := empty.Evaluate(ctx, b); r.Status != assertions.Pass {
		t.Fatalf("an empty window allowed: want pass: %s", r)
	}
}

// noSecret fails if any secret shows in r's message, query or subject.
func noSecret(t *testing.T, r assertions.Result, secrets ...string) {
	t.Helper()
	all := r.String() + r.Query + r.Subject + fmt.Sprint(r.Details)
	for _, s := range secrets {
		if strings.Contains(all, s) || strings.Contains(all, s[len(s)-8:]) {
			t.Fatalf("secret %q shown: %s | %s", s, r, r.Query)
		}
	}
}

// waitLines waits until sel has n lines since since.
func waitLines(t *testing.T, sel assertions.LogSelector, since time.Time, n int64) {
	t.Helper()
	if r := (assertions.LogsMatch{Selector: sel, Since: since, Min: n, Within: 30 * time.Second}).Evaluate(context.Background(), liveStack(t)); r.Status != assertions.Pass {
		t.Fatalf("lines did not arrive: %s", r)
	}
}

func TestLogsHaveFields(t *testing.T) {
	b := liveStack(t)
	ctx := context.Background()
	since := time.Now().Add(-time.Second)
	ids := mcpCalls(t, 1, 5, func(_, i int) map[string]any { return map[string]any{"message": fmt.Sprint("fields ", i)} })
	sel := serverLines
	sel.Regex = map[string]string{"trace_id": "^(" + strings.Join(ids, "|") + ")$"}
	waitLines(t, sel, since, 5)

	r := assertions.LogsHaveFields{Fields: []string{"trace_id", "session_id", "span_id", "tool_name"}, Selector: sel, Since: since}.Evaluate(ctx, b)
	if r.Status != assertions.Pass {
		t.Fatalf("tool-call lines carry trace_id and session_id: %s", r)
	}
	r = assertions.LogsHaveFields{Fields: []string{"trace_id", "no_such_field"}, Selector: sel, Since: since}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || r.Why != "field no_such_field is missing or empty in 5 of 5 lines" {
		t.Fatalf("want fail naming the missing field: %s", r)
	}

	run := uniqueID(t)
	insertLines(t,
		line(run, "ok", map[string]any{"session_id": "s1", "trace_id": "t1"}),
		line(run, "ok", map[string]any{"session_id": "s2", "trace_id": "t2"}),
		line(run, "no session", map[string]any{"trace_id": "t3"}),
		line(run, "empty session", map[string]any{"session_id": "", "trace_id": "t4"}),
	)
	own := assertions.LogSelector{Fields: map[string]string{"run": run}}
	waitLines(t, own, since, 4)
	r = assertions.LogsHaveFields{Fields: []string{"session_id", "trace_id"}, Selector: own, Since: since}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || r.Why != "field session_id is missing or empty in 2 of 4 lines" {
		t.Fatalf("want fail counting the lines without session_id: %s", r)
	}
	own.Fields["run"] = uniqueID(t)
	r = assertions.LogsHaveFields{Fields: []string{"trace_id"}, Selector: own, Since: since, Within: time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "no line matched") {
		t.Fatalf("no line at all: want fail: %s", r)
	}
}
