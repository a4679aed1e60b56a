package assertions

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nasty is a value with everything that could end a literal or widen a
// filter: quotes of each kind, backslashes, a colon, spaces, a pipe, a
// LogsQL OR and wildcard, regex metacharacters and a LogQL brace.
const nasty = "a\"b' `c\\d: e* OR f | g.*(h)} \n"

func TestLogsQLCompile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sel  LogSelector
		want string
		raw  bool
	}{
		{name: "nothing selects every line", want: `*`},
		{name: "service", sel: LogSelector{Service: "mcp-server"}, want: `"service":="mcp-server"`},
		{name: "service field", sel: LogSelector{Service: "mcp-server", ServiceField: "service.name"}, want: `"service.name":="mcp-server"`},
		{
			name: "every part",
			sel: LogSelector{
				Service: "mcp-server", Level: "ERROR", Fields: map[string]string{"tool_name": "echo", "a": "1"},
				Contains: map[string]string{"arguments.message": `say "hi"`}, Regex: map[string]string{"x": `^a\.b$`}, Message: "tool call",
			},
			want: `"service":="mcp-server" "level":~"(?i)^ERROR$" "a":="1" "tool_name":="echo" "arguments.message":*"say \"hi\""* "x":~"^a\\.b$" _msg:*"tool call"*`,
		},
		{name: "level is matched whole, its regex characters quoted", sel: LogSelector{Level: "warn.*"}, want: `"level":~"(?i)^warn\\.\\*$"`},
		{
			name: "a nasty value stays one literal",
			sel:  LogSelector{Fields: map[string]string{"k:ey \"x\"": nasty}, Contains: map[string]string{"c": nasty}},
			want: `"k:ey \"x\"":="a\"b' ` + "`" + `c\\d: e* OR f | g.*(h)} \n" "c":*"a\"b' ` + "`" + `c\\d: e* OR f | g.*(h)} \n"*`,
		},
		{name: "raw query used as is", sel: LogSelector{Query: `error | unpack_json | filter x:="a | stats"`}, want: `error | unpack_json | filter x:="a | stats"`, raw: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, raw, err := logsqlQuery(tt.sel)
			if err != nil || got != tt.want || raw != tt.raw {
				t.Fatalf("logsqlQuery =\n  %s (raw %v, %v)\nwant\n  %s (raw %v)", got, raw, err, tt.want, tt.raw)
			}
		})
	}
}

func TestLogsQLRejectsAggregatingRawQueries(t *testing.T) {
	t.Parallel()
	for _, q := range []string{`error | stats count()`, `* | uniq by (x)`, `* | limit 5`, `* | top 3 by (a)`, `x | fields a | STATS count() n`} {
		t.Run(q, func(t *testing.T) {
			t.Parallel()
			_, _, err := logsqlQuery(LogSelector{Query: q})
			if !errors.Is(err, ErrBadExpectation) || !strings.Contains(err.Error(), "pipe") {
				t.Fatalf("logsqlQuery(%q): %v, want a bad expectation naming the pipe", q, err)
			}
		})
	}
}

func TestLogsQLCounts(t *testing.T) {
	t.Parallel()
	if got, want := logsqlAnd("*", false, logsqlIn("trace_id", []string{"a", `b"c`})), `"trace_id":in("a","b\"c")`; got != want {
		t.Errorf("in: %s, want %s", got, want)
	}
	if got, want := logsqlAnd(`error | unpack_json`, true, `"x":="1"`), `error | unpack_json | filter "x":="1"`; got != want {
		t.Errorf("raw and: %s, want %s", got, want)
	}
	if got, want := logsqlAnywhere(`p"w`), `(*:*"p\"w"* OR *:*"p\\\"w"*)`; got != want {
		t.Errorf("anywhere: %s, want %s", got, want)
	}
	if got, want := logsqlAnywhere("plain"), `*:*"plain"*`; got != want {
		t.Errorf("anywhere: %s, want %s", got, want)
	}
}

func TestLogQLCompile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sel  LogSelector
		want string
	}{
		{name: "nothing selects every stream with a service", want: `{service_name=~".+"}`},
		{name: "service", sel: LogSelector{Service: "mcp-server"}, want: `{service_name="mcp-server"}`},
		{name: "service label", sel: LogSelector{Service: "api", ServiceField: "app"}, want: `{app="api"}`},
		{
			name: "every part",
			sel: LogSelector{
				Service: "mcp-server", Level: "error", Fields: map[string]string{"tool_name": "echo"},
				Contains: map[string]string{"arguments.message": `say "hi"`}, Regex: map[string]string{"x": `^a\.b$`}, Message: "tool call",
			},
			want: `{service_name="mcp-server"} |= "tool call" | json | level=~"(?i)error" | tool_name="echo" | arguments_message=~"(?s:.*)(?:say \"hi\")(?s:.*)" | x=~"(?s:.*)(?:^a\\.b$)(?s:.*)"`,
		},
		{
			name: "a nasty value stays one literal and matches only itself",
			sel:  LogSelector{Service: nasty, Fields: map[string]string{"k": nasty}, Contains: map[string]string{"c": "a.b|c"}},
			want: `{service_name="a\"b' ` + "`" + `c\\d: e* OR f | g.*(h)} \n"} | json | k="a\"b' ` + "`" + `c\\d: e* OR f | g.*(h)} \n" | c=~"(?s:.*)(?:a\\.b\\|c)(?s:.*)"`,
		},
		{name: "raw log query used as is", sel: LogSelector{Query: ` {app="x"} |= "boom" `}, want: `{app="x"} |= "boom"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := logqlQuery(tt.sel)
			if err != nil || e.String() != tt.want {
				t.Fatalf("logqlQuery =\n  %s (%v)\nwant\n  %s", e, err, tt.want)
			}
		})
	}
}

func TestLogQLRejectsMetricQueries(t *testing.T) {
	t.Parallel()
	_, err := logqlQuery(LogSelector{Query: `sum(count_over_time({app="x"}[5m]))`})
	if !errors.Is(err, ErrBadExpectation) || !strings.Contains(err.Error(), "stream selector") {
		t.Fatalf("a metric query: %v, want a bad expectation asking for a log query", err)
	}
}

func TestLogQLCounts(t *testing.T) {
	t.Parallel()
	e, _ := logqlQuery(LogSelector{Service: "s"})
	tests := []struct {
		name, got, want string
	}{
		{"count", logqlCount(e, 90*time.Second, ""), `sum(count_over_time({service_name="s"} [90000ms]))`},
		{"a part millisecond rounds up", logqlCount(e, 1500*time.Microsecond, ""), `sum(count_over_time({service_name="s"} [2ms]))`},
		{"by value", logqlCount(e.withLabel(logqlIn("trace_id", []string{"a.b", "c"})), time.Minute, "trace_id"),
			`sum by (trace_id) (count_over_time({service_name="s"} | json | trace_id=~"a\\.b|c" [60000ms]))`},
		{"contains", e.withLine(logqlContains(`p"w`)).String(), `{service_name="s"} |~ "p\"w|p\\\\\"w"`},
		{"contains plain", e.withLine(logqlContains("pw")).String(), `{service_name="s"} |= "pw"`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n  %s\nwant\n  %s", tt.name, tt.got, tt.want)
		}
	}
	for in, want := range map[string]string{"arguments.token": "arguments_token", "9lives": "_9lives", "a-b c": "a_b_c", "ünï": "_n_", "": "_"} {
		if got := logqlLabel(in); got != want {
			t.Errorf("logqlLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLiteralsRoundTrip reads back every quoted literal of compiled
// queries: each must unquote to exactly the value put in.
func TestLiteralsRoundTrip(t *testing.T) {
	t.Parallel()
	sel := LogSelector{Fields: map[string]string{"f": nasty}}
	q, _, _ := logsqlQuery(sel)
	lit := strings.TrimPrefix(q, `"f":=`)
	if v, err := strconv.Unquote(lit); err != nil || v != nasty {
		t.Fatalf("LogsQL literal %s unquotes to %q, %v", lit, v, err)
	}
	e, _ := logqlQuery(LogSelector{Service: "s", Fields: sel.Fields})
	lit = strings.TrimPrefix(e.String(), `{service_name="s"} | json | f=`)
	if v, err := strconv.Unquote(lit); err != nil || v != nasty {
		t.Fatalf("LogQL literal %s unquotes to %q, %v", lit, v, err)
	}
	if segs := splitPipes(q); len(segs) != 1 {
		t.Fatalf("the | inside the literal split the query: %q", segs)
	}
}

func TestSelectorValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sel  LogSelector
		want string
	}{
		{"raw and structured", LogSelector{Query: "x", Service: "s"}, "not both"},
		{"blank raw", LogSelector{Query: "  "}, "blank"},
		{"empty field name", LogSelector{Fields: map[string]string{"": "x"}}, "empty field name"},
		{"empty contains", LogSelector{Contains: map[string]string{"a": ""}}, "contains.a is empty"},
		{"bad regex", LogSelector{Regex: map[string]string{"a": "(x"}}, "regex.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.sel.validate()
			if !errors.Is(err, ErrBadExpectation) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("validate: %v, want %q", err, tt.want)
			}
		})
	}
	if err := (LogSelector{Service: "s", Regex: map[string]string{"a": "^x+$"}}).validate(); err != nil {
		t.Fatalf("a good selector: %v", err)
	}
}

func TestChunksKeepQueriesShort(t *testing.T) {
	t.Parallel()
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = strings.Repeat(strconv.Itoa(i%10), 32)
	}
	parts := chunks(ids, vlChunk, vlChunkBytes, func(v string) int { return len(strconv.Quote(v)) + 1 })
	var back []string
	for _, p := range parts {
		if n := len(logsqlIn("trace_id", p)); n > vlChunkBytes+100 {
			t.Fatalf("a chunk's in() is %d bytes, over VictoriaLogs's 16384-byte query limit budget", n)
		}
		back = append(back, p...)
	}
	if strings.Join(back, ",") != strings.Join(ids, ",") || len(parts) < 3 {
		t.Fatalf("%d chunks lost or reordered values", len(parts))
	}
	if got := chunks([]string{"a", strings.Repeat("x", 50), "b"}, 10, 20, func(v string) int { return len(v) }); len(got) != 3 {
		t.Fatalf("a value over the budget gets its own chunk: %q", got)
	}
	if got := chunks(ids[:250], 100, 1<<20, func(string) int { return 1 }); len(got) != 3 || len(got[2]) != 50 {
		t.Fatalf("at most n values a chunk: %d chunks", len(got))
	}
}
