package assertions

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/config"
)

// fixtureTraceID is the trace recorded in testdata/jaeger/trace.json and
// rewritten in Tempo's shapes in testdata/tempo.
const fixtureTraceID = "0f96d0c3b9228150cb4350ec7e2615f6"

// Span ids of the fixture trace: tool call → HTTP client → downstream.
const (
	fixtureToolSpan   = "04bd346bec186818"
	fixtureClientSpan = "2518141fc18bd62c"
	fixtureDownSpan   = "05e45a8491da74d7"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testEndpoint(t *testing.T) *endpoint {
	t.Helper()
	ep, err := newEndpoint("traces", config.Endpoint{URL: "http://127.0.0.1:9"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ep
}

// jaegerFixtureTrace is testdata/jaeger/trace.json through the Jaeger
// driver's decoding.
func jaegerFixtureTrace(t *testing.T) *Trace {
	t.Helper()
	j := newJaeger(testEndpoint(t))
	td, err := j.decode("/x", nil, readFixture(t, "jaeger/trace.json"))
	if err != nil {
		t.Fatal(err)
	}
	return pickTrace(td, fixtureTraceID, "")
}

func TestDecodeJaegerTrace(t *testing.T) {
	tr := jaegerFixtureTrace(t)
	if len(tr.Spans) != 3 {
		t.Fatalf("want 3 spans, got %d: %+v", len(tr.Spans), tr.Spans)
	}
	tool, client, down := tr.Spans[0], tr.Spans[1], tr.Spans[2]
	checks := []struct {
		what      string
		got, want any
	}{
		{"tool span id", tool.SpanID, fixtureToolSpan},
		{"tool name", tool.Name, "tools/call search"},
		{"tool kind", tool.Kind, SpanKindServer},
		{"tool service", tool.Service, "mcp-server"},
		{"tool status", tool.Status, StatusOK},
		{"tool parent (the harness's span, not exported)", tool.ParentSpanID, "ca8b1273432f1a3e"},
		{"tool gen_ai.tool.name", tool.Attributes["gen_ai.tool.name"], "search"},
		{"tool resource pid", tool.Resource["process.pid"], int64(22547)},
		{"trace id", tool.TraceID, fixtureTraceID},
		{"client id", client.SpanID, fixtureClientSpan},
		{"client parent", client.ParentSpanID, fixtureToolSpan},
		{"client kind", client.Kind, SpanKindClient},
		{"client status", client.Status, StatusUnset},
		{"client http status", client.Attributes["http.response.status_code"], int64(200)},
		{"client scope", client.Scope, "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"},
		{"downstream parent", down.ParentSpanID, fixtureClientSpan},
		{"downstream service", down.Service, "downstream"},
		{"downstream id", down.SpanID, fixtureDownSpan},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.what, c.got, c.want)
		}
	}
	if _, ok := tool.Attributes["@jaeger@warnings"]; ok {
		t.Error("Jaeger's own warnings attribute was kept as a span attribute")
	}
	if len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0], "clock skew") {
		t.Errorf("warnings = %q, want Jaeger's clock skew note", tr.Warnings)
	}
	if tool.Duration <= 0 || tool.Duration != tool.End.Sub(tool.Start) {
		t.Errorf("tool duration %s does not match its start and end", tool.Duration)
	}
}

// TestTempoShapesDecodeAsJaeger: the Tempo fixtures hold the same trace
// in Tempo's encodings (base64 ids, enum names, "batches"); decoded,
// they must give the very spans the Jaeger answer gives.
func TestTempoShapesDecodeAsJaeger(t *testing.T) {
	want := jaegerFixtureTrace(t).Spans
	for _, name := range []string{"tempo/trace_v2.json", "tempo/trace_v1.json"} {
		t.Run(name, func(t *testing.T) {
			raw := readFixture(t, name)
			var doc struct {
				Trace json.RawMessage `json:"trace"`
			}
			if err := json.Unmarshal(raw, &doc); err == nil && doc.Trace != nil {
				raw = doc.Trace
			}
			td, err := decodeOTLP(raw)
			if err != nil {
				t.Fatal(err)
			}
			got := pickTrace(td, fixtureTraceID, "").Spans
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded differently from Jaeger's answer:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestDecodeOTLPVariants(t *testing.T) {
	const hexSpan = `{"traceId":"0f96d0c3b9228150cb4350ec7e2615f6","spanId":"04bd346bec186818","name":"a","kind":2}`
	const b64Span = `{"traceId":"D5bQw7kigVDLQ1DsfiYV9g==","spanId":"BL00a+wYaBg=","name":"a","kind":"SPAN_KIND_SERVER"}`
	tests := []struct {
		name    string
		doc     string
		wantErr bool
		spans   int
	}{
		{"hex ids, numeric enums (Jaeger)", `{"resourceSpans":[{"scopeSpans":[{"spans":[` + hexSpan + `]}]}]}`, false, 1},
		{"base64 ids, enum names (Tempo)", `{"resourceSpans":[{"scopeSpans":[{"spans":[` + b64Span + `]}]}]}`, false, 1},
		{"v1 batches", `{"batches":[{"scopeSpans":[{"spans":[` + b64Span + `]}]}]}`, false, 1},
		{"pre-1.0 instrumentationLibrarySpans", `{"resourceSpans":[{"instrumentationLibrarySpans":[{"instrumentationLibrary":{"name":"x"},"spans":[` + hexSpan + `]}]}]}`, false, 1},
		{"same span twice counts once", `{"resourceSpans":[{"scopeSpans":[{"spans":[` + hexSpan + `,` + b64Span + `]}]}]}`, false, 1},
		{"empty", `{}`, false, 0},
		{"unknown fields are ignored", `{"resourceSpans":[],"extra":1}`, false, 0},
		{"not JSON", `<html>`, true, 0},
		{"resourceSpans not a list", `{"resourceSpans":{}}`, true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			td, err := decodeOTLP([]byte(tc.doc))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			tr := pickTrace(td, fixtureTraceID, "")
			if len(tr.Spans) != tc.spans {
				t.Fatalf("spans = %d, want %d", len(tr.Spans), tc.spans)
			}
			if tc.spans > 0 && (tr.Spans[0].SpanID != fixtureToolSpan || tr.Spans[0].Kind != SpanKindServer) {
				t.Fatalf("span = %+v", tr.Spans[0])
			}
		})
	}
}

func TestNormalizeTraceID(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"0F96D0C3B9228150CB4350EC7E2615F6", fixtureTraceID, false},
		{" f96d0c3b9228150cb4350ec7e2615f6 ", fixtureTraceID, false},
		{"cb4350ec7e2615f6", "0000000000000000cb4350ec7e2615f6", false},
		{"", "", true},
		{"00000000000000000000000000000000", "", true},
		{"0f96d0c3b9228150cb4350ec7e2615f6aa", "", true},
		{"not-a-trace-id", "", true},
	}
	for _, tc := range tests {
		got, err := normalizeTraceID(tc.in)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("normalizeTraceID(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}
