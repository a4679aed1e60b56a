package assertions_test

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
)

// fixtureTraceID is the trace in testdata/tempo (and testdata/jaeger);
// fixtureQuery the search query its call sent.
const (
	fixtureTraceID = "0f96d0c3b9228150cb4350ec7e2615f6"
	fixtureQuery   = "hello"
)

// fakeTempo replays testdata/tempo as Tempo's query frontend would and
// records what it was asked.
type fakeTempo struct {
	t *testing.T
	// noV2 plays a Tempo without /api/v2/traces; partial answers the
	// v2 partial fixture.
	noV2, partial bool
	// search is the answer to /api/search (default: the fixture).
	search func(w http.ResponseWriter, r *http.Request)

	mu   sync.Mutex
	reqs []*http.Request
}

func (f *fakeTempo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.reqs = append(f.reqs, r)
	f.mu.Unlock()
	if r.Header.Get("Accept") != "application/json" {
		f.t.Errorf("%s: Accept %q, want application/json", r.URL.Path, r.Header.Get("Accept"))
	}
	id, v2 := strings.CutPrefix(r.URL.Path, "/api/v2/traces/")
	switch {
	case v2 && f.noV2:
		http.NotFound(w, r) // "404 page not found": no such route
	case v2 && id == fixtureTraceID && f.partial:
		f.file(w, "trace_v2_partial.json")
	case v2 && id == fixtureTraceID:
		f.file(w, "trace_v2.json")
	case v2:
		f.file(w, "trace_v2_notfound.json")
	case r.URL.Path == "/api/traces/"+fixtureTraceID:
		f.file(w, "trace_v1.json")
	case strings.HasPrefix(r.URL.Path, "/api/traces/"):
		w.WriteHeader(http.StatusNotFound) // v1: a trace it does not have, no body
	case r.URL.Path == "/api/search" && f.search != nil:
		f.search(w, r)
	case r.URL.Path == "/api/search":
		f.file(w, "search.json")
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeTempo) file(w http.ResponseWriter, name string) {
	b, err := os.ReadFile("testdata/tempo/" + name)
	if err != nil {
		f.t.Error(err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// paths lists the paths asked, in order.
func (f *fakeTempo) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.reqs))
	for i, r := range f.reqs {
		out[i] = r.URL.Path
	}
	return out
}

func (f *fakeTempo) last() *http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reqs[len(f.reqs)-1]
}

// tempoBackends serves f and returns backends whose traces are Tempo
// there.
func tempoBackends(t *testing.T, f *fakeTempo) *assertions.Backends {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	b, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: "tempo", URL: srv.URL, Headers: map[string]string{"X-Scope-OrgID": "tenant-1"}}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTempoTraceMatches(t *testing.T) {
	f := &fakeTempo{}
	b := tempoBackends(t, f)
	runMatchCases(t, b, fixtureTraceID, time.Second, treeCases(fixtureQuery))
	if r := f.last(); r.Header.Get("X-Scope-OrgID") != "tenant-1" {
		t.Errorf("the configured tenant header was not sent: %v", r.Header)
	}
}

func TestTempoTraceExists(t *testing.T) {
	ctx := context.Background()
	f := &fakeTempo{}
	b := tempoBackends(t, f)
	r := assertions.TraceExists{TraceID: strings.ToUpper(fixtureTraceID), Within: time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || r.Last != 3 || r.Query != "GET /api/v2/traces/"+fixtureTraceID {
		t.Fatalf("want pass with 3 spans from v2: %s (last %v, query %q)", r, r.Last, r.Query)
	}
	if r.Backend != "tempo" {
		t.Errorf("backend %q", r.Backend)
	}
	missing := "1234567890abcdef1234567890abcdef"
	r = assertions.TraceExists{TraceID: missing, Within: 700 * time.Millisecond}.Evaluate(ctx, b)
	if r.Status != assertions.Fail || !strings.Contains(r.Why, "has no span of trace "+missing) {
		t.Fatalf("want fail for an id Tempo does not have: %s", r)
	}
}

// A Tempo without the v2 API: the driver falls back to v1 ("batches")
// once and stays there; v1's empty 404 is "not there yet".
func TestTempoFallsBackToV1(t *testing.T) {
	ctx := context.Background()
	f := &fakeTempo{noV2: true}
	b := tempoBackends(t, f)
	r := assertions.TraceExists{TraceID: fixtureTraceID, Within: time.Second}.Evaluate(ctx, b)
	if r.Status != assertions.Pass || r.Query != "GET /api/traces/"+fixtureTraceID {
		t.Fatalf("want pass from v1: %s (query %q)", r, r.Query)
	}
	runMatchCases(t, b, fixtureTraceID, time.Second, treeCases(fixtureQuery)[:1])
	r = assertions.TraceExists{TraceID: "1234567890abcdef1234567890abcdef", Within: 500 * time.Millisecond}.Evaluate(ctx, b)
	if r.Status != assertions.Fail {
		t.Fatalf("want fail: %s", r)
	}
	v2 := 0
	for _, p := range f.paths() {
		if strings.HasPrefix(p, "/api/v2/") {
			v2++
		}
	}
	if v2 != 1 {
		t.Errorf("asked v2 %d times, want once: %v", v2, f.paths())
	}
}

func TestTempoPartialTrace(t *testing.T) {
	b := tempoBackends(t, &fakeTempo{partial: true})
	tr, err := b.Traces.GetTrace(context.Background(), fixtureTraceID)
	if err != nil || !tr.Partial || len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0], "maximum size") {
		t.Fatalf("want a partial trace with Tempo's message: %+v, %v", tr, err)
	}
	r := assertions.TraceMatches{TraceID: fixtureTraceID, Spans: []assertions.SpanSelector{assertions.ToolCall("search")}, Within: time.Second}.Evaluate(context.Background(), b)
	if r.Status != assertions.Pass || !strings.Contains(r.Why, "partial") {
		t.Fatalf("want pass that says the trace is partial: %s", r)
	}
}

func TestTempoSearch(t *testing.T) {
	f := &fakeTempo{}
	b := tempoBackends(t, f)
	start := time.Unix(1796171900, 0)
	end := time.Unix(1796172000, 0)
	res, err := b.Traces.SearchTraces(context.Background(), assertions.TraceQuery{
		Service: "mcp-server", SpanName: "tools/call search",
		Attributes:  map[string]string{"gen_ai.tool.name": "search", "span.http.response.status_code": "200"},
		MinDuration: time.Millisecond, MaxDuration: 1500 * time.Microsecond,
		Start: start, End: end, Limit: 5,
	})
	if err != nil {
		t.Fatal(err)
	}
	q := f.last().URL.Query()
	wantQL := `{ resource.service.name = "mcp-server" && name = "tools/call search" && .gen_ai.tool.name = "search" && ` +
		`(span.http.response.status_code = "200" || span.http.response.status_code = 200) && duration >= 1ms && duration <= 1500000ns }`
	if f.last().URL.Path != "/api/search" || q.Get("q") != wantQL || q.Get("start") != "1796171900" || q.Get("end") != "1796172001" || q.Get("limit") != "5" {
		t.Fatalf("asked %s?%s\nwant q=%s", f.last().URL.Path, q.Encode(), wantQL)
	}
	if len(res.Traces) != 1 {
		t.Fatalf("want one trace: %+v", res)
	}
	got := res.Traces[0]
	if got.ID != fixtureTraceID || got.RootService != "mcp-server" || got.RootName != "tools/call search" || got.Matched != 1 || got.Duration != 24*time.Millisecond || got.Start.IsZero() {
		t.Fatalf("summary %+v: want the id zero-padded back to %s", got, fixtureTraceID)
	}
	if !strings.HasPrefix(res.Query, "GET /api/search?") {
		t.Errorf("query %q", res.Query)
	}

	// Raw TraceQL goes as is.
	if _, err := b.Traces.SearchTraces(context.Background(), assertions.TraceQuery{TraceQL: `{ status = error }`}); err != nil {
		t.Fatal(err)
	}
	if q := f.last().URL.Query(); q.Get("q") != `{ status = error }` || q.Get("limit") != "20" || q.Get("start") == "" {
		t.Fatalf("raw TraceQL: asked %s", q.Encode())
	}
}

// A query Tempo rejects is an error at once; a 5xx is retried until the
// deadline and is an error too. Neither is a plain fail.
func TestTempoErrors(t *testing.T) {
	f := &fakeTempo{search: func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `parse error at line 1, col 3: syntax error`, http.StatusBadRequest)
	}}
	b := tempoBackends(t, f)
	_, err := b.Traces.SearchTraces(context.Background(), assertions.TraceQuery{TraceQL: `{ nope`})
	var ae *assertions.APIError
	if !errors.As(err, &ae) || ae.Type != assertions.ErrRejected || !strings.Contains(ae.Error(), "syntax error") {
		t.Fatalf("want a rejected APIError with Tempo's message, got %v", err)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "querier unavailable", http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	down, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: "tempo", URL: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	r := assertions.TraceExists{TraceID: fixtureTraceID, Within: 700 * time.Millisecond}.Evaluate(context.Background(), down)
	if r.Status != assertions.Error || !strings.Contains(r.Why, "503") || r.Polls < 2 {
		t.Fatalf("want error after polling through 503s: %s (%d polls)", r, r.Polls)
	}

	// A server that is not Tempo: 404 with a body on both APIs.
	other := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(other.Close)
	nb, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: "tempo", URL: other.URL}})
	if err != nil {
		t.Fatal(err)
	}
	r = assertions.TracesSampled{TraceIDs: []string{fixtureTraceID}, Ratio: 0, Within: 5 * time.Second}.Evaluate(context.Background(), nb)
	if r.Status != assertions.Error || !strings.Contains(r.Why, "not Tempo's answer") {
		t.Fatalf("a wrong URL must not read as 'nothing sampled': %s", r)
	}
}

func TestTempoTracesSampled(t *testing.T) {
	b := tempoBackends(t, &fakeTempo{})
	ids := []string{fixtureTraceID, "1234567890abcdef1234567890abcdef", "2234567890abcdef1234567890abcdef", "3234567890abcdef1234567890abcdef"}
	tests := []struct {
		name  string
		e     assertions.TracesSampled
		want  assertions.Status
		found int
		why   string
	}{
		{"all of one", assertions.TracesSampled{TraceIDs: ids[:1], Ratio: 1}, assertions.Pass, 1, "found 1 of 1"},
		{"one in four at 0.25", assertions.TracesSampled{TraceIDs: ids, Ratio: 0.25, Within: 600 * time.Millisecond}, assertions.Pass, 1, "found 1 of 4"},
		{"one in four is not all", assertions.TracesSampled{TraceIDs: ids, Ratio: 1, Within: 600 * time.Millisecond}, assertions.Fail, 1, "fewer traces arrived than sampling at 1 keeps"},
		{"one in four is too many for 0.01", assertions.TracesSampled{TraceIDs: ids, Ratio: 0.01, Tolerance: 0.05, Within: 5 * time.Second}, assertions.Fail, 1, "more traces arrived"},
		{"bad ratio", assertions.TracesSampled{TraceIDs: ids, Ratio: 1.5}, assertions.Error, 0, "outside [0, 1]"},
		{"bad id", assertions.TracesSampled{TraceIDs: []string{"xyz"}, Ratio: 1}, assertions.Error, 0, `trace id "xyz"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := tc.e.Evaluate(context.Background(), b)
			if r.Status != tc.want || !strings.Contains(r.Why, tc.why) {
				t.Fatalf("want %s saying %q: %s", tc.want, tc.why, r)
			}
			if rep, ok := r.Details.(*assertions.SampledReport); ok && rep.Found != tc.found {
				t.Errorf("found %d, want %d", rep.Found, tc.found)
			}
			if tc.e.Within >= 5*time.Second && time.Since(start) > 2*time.Second {
				t.Errorf("an outcome known early took %s", time.Since(start))
			}
		})
	}
}

func TestTracesKind(t *testing.T) {
	_, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: "zipkin", URL: "http://127.0.0.1:9411"}})
	if err == nil || !strings.Contains(err.Error(), "backends.traces.kind") || !strings.Contains(err.Error(), "jaeger") || !strings.Contains(err.Error(), "tempo") {
		t.Fatalf("want an error naming backends.traces.kind and the choices: %v", err)
	}
	for _, kind := range []string{"", "jaeger", "tempo"} {
		b, err := assertions.New(config.Backends{Traces: config.Endpoint{Kind: kind, URL: "http://127.0.0.1:16686"}})
		if err != nil {
			t.Fatal(err)
		}
		if want := cmp.Or(kind, "jaeger"); b.Traces.Kind() != want {
			t.Errorf("kind %q built %q", kind, b.Traces.Kind())
		}
	}
	if r := (assertions.TraceExists{TraceID: fixtureTraceID}).Evaluate(context.Background(), &assertions.Backends{}); r.Status != assertions.Error || !strings.Contains(r.Why, "backends.traces.url") {
		t.Fatalf("no traces backend: %s", r)
	}
}
