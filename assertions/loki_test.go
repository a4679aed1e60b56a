package assertions_test

import (
	"context"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// The Loki driver on recorded answers (testdata/loki): the same
// expectations as on the live VictoriaLogs, each asserting the exact
// LogQL it sent.

// Trace ids in vector_by_trace_id.json (a: 1 line, b: 2 lines) and one
// it does not have.
const (
	idA = "4bf92f3577b34da6a3ce929d0e0e4736"
	idB = "00f067aa0ba902b7a3ce929d0e0e4736"
	idC = "9c8e2f1a0b3d4e5f6a7b8c9d0e1f2a3b"
)

// lokiFake replays testdata/loki for the queries it knows; any other
// query, path or evaluation time fails the test.
func lokiFake(t *testing.T, routes ...route) (*assertions.Backends, func() []string) {
	t.Helper()
	return replay(t, "loki", func(r *http.Request) string {
		q := r.URL.Query()
		if r.Method != http.MethodGet || r.URL.Path != "/loki/api/v1/query" {
			t.Errorf("Loki got %s %s, want GET /loki/api/v1/query", r.Method, r.URL.Path)
		}
		if got, want := q.Get("time"), strconv.FormatInt(replayUntil.UnixNano(), 10); got != want {
			t.Errorf("evaluated at time=%s, want the window's end %s", got, want)
		}
		return q.Get("query")
	}, routes...)
}

const (
	lokiFinished = `{service_name="mcp-server"} |= "tool call finished"`
	lokiRange    = ` [600000ms]))`
)

func lokiSum(expr string) string { return "sum(count_over_time(" + expr + lokiRange }

func lokiByTrace(ids string) string {
	return `sum by (trace_id) (count_over_time(` + lokiFinished + ` | json | trace_id=~"` + ids + `"` + lokiRange
}

var finished = assertions.LogSelector{Service: "mcp-server", Message: "tool call finished"}

func TestLokiLogsMatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	trace := assertions.LogSelector{Service: "mcp-server", Fields: map[string]string{"trace_id": idC}}
	traceQuery := lokiSum(`{service_name="mcp-server"} | json | trace_id="` + idC + `"`)
	b, _ := lokiFake(t,
		route{query: lokiSum(lokiFinished), fixture: "vector_count_3.json"},
		route{query: traceQuery, fixture: "vector_empty.json"},
	)
	r := assertions.LogsMatch{Selector: finished, Since: replaySince, Until: replayUntil, Within: time.Second, Min: 3}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || r.Last != int64(3) || r.Backend != "loki" || r.Query != lokiSum(lokiFinished) {
		t.Fatalf("want pass with 3 lines: %s (last %v, backend %s)", r, r.Last, r.Backend)
	}
	r = assertions.LogsMatch{Selector: trace, Since: replaySince, Until: replayUntil, Within: 300 * time.Millisecond}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || r.Last != int64(0) || !strings.Contains(r.Why, "0 lines matched") || r.Polls < 2 {
		t.Fatalf("want a fail showing 0 lines after polling: %s (last %v, polls %d)", r, r.Last, r.Polls)
	}
}

func TestLokiErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bad := assertions.LogSelector{Query: `{service_name="mcp-server"} | json | foo=`}
	b, _ := lokiFake(t,
		route{query: lokiSum(bad.Query), fixture: "parse_error.txt", status: http.StatusBadRequest},
		route{query: lokiSum(lokiFinished), fixture: "vector_empty.json", status: http.StatusBadGateway},
		route{query: lokiSum(`{service_name="matrix"}`), fixture: "matrix.json"},
	)
	start := time.Now()
	r := assertions.LogsMatch{Selector: bad, Since: replaySince, Until: replayUntil, Within: 20 * time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Error || !strings.Contains(r.Why, "rejected") || !strings.Contains(r.Why, "parse error at line 1") || time.Since(start) > 5*time.Second {
		t.Fatalf("a query Loki cannot parse: want error at once naming it: %s after %s", r, time.Since(start))
	}
	r = assertions.LogsMatch{Selector: finished, Since: replaySince, Until: replayUntil, Within: 400 * time.Millisecond}.Evaluate(ctx, b)
	if r.Status != assertions.Error || r.Polls < 2 || !strings.Contains(r.Why, "HTTP 502") {
		t.Fatalf("a 502 is polled through and ends as error: %s (polls %d)", r, r.Polls)
	}
	r = assertions.LogsMatch{Selector: assertions.LogSelector{Service: "matrix"}, Since: replaySince, Until: replayUntil}.Evaluate(ctx, b)
	if r.Status != assertions.Error || !strings.Contains(r.Why, "matrix") {
		t.Fatalf("a matrix answer: want error naming it: %s", r)
	}
	r = assertions.LogsMatch{Selector: assertions.LogSelector{Query: `count_over_time({a="b"}[1m])`}}.Evaluate(ctx, b)
	if r.Status != assertions.Error || !strings.Contains(r.Why, "log query") {
		t.Fatalf("a metric query as selector: want error asking for a log query: %s", r)
	}
}

func TestLokiLogsComplete(t *testing.T) {
	t.Parallel()
	b, seen := lokiFake(t,
		route{query: lokiByTrace(idB + "|" + idA + "|" + idC), fixture: "vector_by_trace_id.json"},
		route{query: lokiByTrace(idC), fixture: "vector_empty.json"},
		route{query: lokiByTrace(idB + "|" + idA), fixture: "vector_by_trace_id.json"},
	)
	e := assertions.LogsComplete{IDs: []string{idA, idB, idC, idA}, Selector: finished, Since: replaySince, Until: replayUntil, Within: 500 * time.Millisecond}
	r := e.Evaluate(context.Background(), b)
	rep, ok := r.Details.(assertions.LogsReport)
	if r.Status != assertions.Fail || !ok {
		t.Fatalf("want fail with a report: %s (%T)", r, r.Details)
	}
	want := assertions.LogsReport{Field: "trace_id", Sent: 3, Found: 2, Missing: []string{idC}, Duplicated: map[string]int64{idB: 2},
		IngestLagNote: "not measured: the backend's counts give no line timestamps (Loki metric queries)"}
	if !reflect.DeepEqual(rep, want) {
		t.Fatalf("report\n  %+v\nwant\n  %+v", rep, want)
	}
	if !strings.Contains(r.Why, "2 of 3 ids found; 1 missing: "+idC) || !strings.Contains(r.Why, idB+" (2 lines)") {
		t.Fatalf("the message names the missing and the duplicated id: %s", r.Why)
	}
	q := seen()
	if q[0] != lokiByTrace(idB+"|"+idA+"|"+idC) || q[1] != lokiByTrace(idC) || q[len(q)-1] != lokiByTrace(idB+"|"+idA) {
		t.Fatalf("want all ids, then the missing one polled, then the found ones recounted; got\n  %s", strings.Join(q, "\n  "))
	}
}

func TestLokiLogsNeverContain(t *testing.T) {
	t.Parallel()
	secret, other := "hunter22-secret", `p"w`
	b, seen := lokiFake(t,
		route{query: lokiSum(lokiFinished), fixture: "vector_count_3.json"},
		route{query: lokiSum(lokiFinished + ` |= "hunter22-secret"`), fixture: "vector_count_1.json"},
		route{query: lokiSum(lokiFinished + ` |~ "p\"w|p\\\\\"w"`), fixture: "vector_empty.json"},
	)
	e := assertions.LogsNeverContain{Values: []string{secret, other}, Selector: finished, Since: replaySince, Until: replayUntil}
	r := e.Evaluate(context.Background(), b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "secret #1 (hu…(15 chars)) is in 1 line") || strings.Contains(r.Why, "#2") {
		t.Fatalf("want fail naming secret #1 only: %s", r)
	}
	if all := r.String() + r.Query + e.String(); strings.Contains(all, "hunter22") || strings.Contains(all, `p"w`) {
		t.Fatalf("a secret is shown in full: %s | %s", r, r.Query)
	}
	if got := len(seen()); got != 3 {
		t.Fatalf("want the total and one count per secret, got %d queries", got)
	}
	e.Values = []string{other}
	if r := e.Evaluate(context.Background(), b); r.Status != assertions.Pass {
		t.Fatalf("no line has it: want pass: %s", r)
	}
}

func TestLokiLogsHaveFields(t *testing.T) {
	t.Parallel()
	b, _ := lokiFake(t,
		route{query: lokiSum(lokiFinished), fixture: "vector_count_3.json"},
		route{query: lokiSum(lokiFinished + ` | json | session_id=""`), fixture: "vector_empty.json"},
		route{query: lokiSum(lokiFinished + ` | json | trace_id=""`), fixture: "vector_count_1.json"},
	)
	r := assertions.LogsHaveFields{Fields: []string{"trace_id", "session_id"}, Selector: finished, Since: replaySince, Until: replayUntil}.Evaluate(context.Background(), b)
	if r.Status != assertions.Fail || r.Why != "field trace_id is missing or empty in 1 of 3 lines" {
		t.Fatalf("want fail naming trace_id: %s", r)
	}
	rep := r.Details.(assertions.FieldsReport)
	if rep.Lines != 3 || rep.Missing["trace_id"] != 1 || rep.Missing["session_id"] != 0 {
		t.Fatalf("report %+v", rep)
	}
	r = assertions.LogsHaveFields{Fields: []string{"session_id"}, Selector: finished, Since: replaySince, Until: replayUntil}.Evaluate(context.Background(), b)
	if r.Status != assertions.Pass {
		t.Fatalf("want pass: %s", r)
	}
}
