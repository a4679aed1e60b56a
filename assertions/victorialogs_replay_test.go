package assertions_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// The VictoriaLogs driver on answers recorded from v1.52.1
// (testdata/victorialogs), so its decoding is tested without the stack.

// vlReplay replays testdata/victorialogs for the queries it knows.
func vlReplay(t *testing.T, routes ...route) *assertions.Backends {
	t.Helper()
	b, _ := replay(t, "victorialogs", func(r *http.Request) string {
		if r.Method != http.MethodPost || r.URL.Path != "/select/logsql/stats_query" {
			t.Errorf("VictoriaLogs got %s %s, want POST /select/logsql/stats_query", r.Method, r.URL.Path)
		}
		if r.FormValue("start") != replaySince.Format(time.RFC3339Nano) || r.FormValue("end") != replayUntil.Format(time.RFC3339Nano) {
			t.Errorf("window start=%s end=%s, want the expectation's", r.FormValue("start"), r.FormValue("end"))
		}
		return r.FormValue("query")
	}, routes...)
	return b
}

func TestVictoriaLogsReplay(t *testing.T) {
	t.Parallel()
	const (
		a, b    = "87d204bc3faed2d306eeb86f2beaab29", "aa5302331e830a5d1f8af42eb1eb8fbd"
		absent  = "ffffffffffffffffffffffffffffffff"
		sel     = `"service":="mcp-server" _msg:*"tool call finished"*`
		byTrace = ` | stats by ("trace_id") count() n, min(_time) first`
	)
	bk := vlReplay(t,
		route{query: sel + ` | stats count() n`, fixture: "count.json"},
		route{query: `"service":="nobody" | stats count() n`, fixture: "count_zero.json"},
		route{query: `service:( | stats count() n`, fixture: "parse_error.json", status: 422},
		route{query: sel + ` "trace_id":in("` + a + `","` + b + `","` + absent + `")` + byTrace, fixture: "by_trace_id.json"},
		route{query: sel + ` "trace_id":in("` + absent + `")` + byTrace, fixture: "by_trace_id_empty.json"},
		route{query: sel + ` "trace_id":in("` + a + `","` + b + `")` + byTrace, fixture: "by_trace_id.json"},
	)
	ctx := context.Background()
	win := func(e assertions.LogsMatch) assertions.LogsMatch {
		e.Since, e.Until = replaySince, replayUntil
		return e
	}

	if r := win(assertions.LogsMatch{Selector: finished}).Evaluate(ctx, bk); r.Status != assertions.Pass || r.Last != int64(23) {
		t.Fatalf("want pass with 23 lines: %s", r)
	}
	if r := win(assertions.LogsMatch{Selector: assertions.LogSelector{Service: "nobody"}, Within: 300 * time.Millisecond}).Evaluate(ctx, bk); r.Status != assertions.Fail || r.Last != int64(0) {
		t.Fatalf("want fail with 0 lines: %s", r)
	}
	r := win(assertions.LogsMatch{Selector: assertions.LogSelector{Query: "service:("}, Within: 10 * time.Second}).Evaluate(ctx, bk)
	if r.Status != assertions.Error || r.Polls != 1 || !strings.Contains(r.Why, "HTTP 422") || !strings.Contains(r.Why, "cannot parse `query` arg") {
		t.Fatalf("want error at once with VictoriaLogs's words: %s", r)
	}

	r = assertions.LogsComplete{IDs: []string{b, a, absent}, Selector: finished, Since: replaySince, Until: replayUntil, Within: 300 * time.Millisecond}.Evaluate(ctx, bk)
	rep, _ := r.Details.(assertions.LogsReport)
	want := assertions.LogsReport{Field: "trace_id", Sent: 3, Found: 2, Missing: []string{absent},
		IngestLagNote: "not measured: every line found was already there at the first poll, so when it arrived is unknown (start logsComplete before or while the calls are made)"}
	if r.Status != assertions.Fail || !reflect.DeepEqual(rep, want) {
		t.Fatalf("want the absent id missing:\n  %s\n  %+v\nwant\n  %+v", r, rep, want)
	}
}
