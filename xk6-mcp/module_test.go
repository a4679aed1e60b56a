package mcp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// TestMetricTags checks each call's samples and tags, and that a tool
// result with isError counts as status=error/error_type=tool_error but not
// in mcp_request_errors, as grafana/xk6-mcp counts.
func TestMetricTags(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	runJS(t, vu, `
const c = mcp.connect(`+js(srv.URL)+`, { tags: { suite: 'm' } });
c.callTool({ name: 'echo', arguments: { text: 'a' } });
c.callTool({ name: 'fail' });
const r = c.callTool({ name: 'missing' }, { throw: false, tags: { step: 'bad' } });
if (r.error.type !== 'jsonrpc_-32602' || r.error.code !== -32602) throw new Error(JSON.stringify(r));
`)
	tests := []struct {
		metric string
		tags   map[string]string
		want   float64
	}{
		{"mcp_request_count", map[string]string{"method": "CallTool", "mcp_method": "tools/call", "tool": "echo", "status": "ok", "suite": "m", "scenario": "default"}, 1},
		{"mcp_request_count", map[string]string{"tool": "fail", "status": "error", "error_type": "tool_error"}, 1},
		{"mcp_request_errors", map[string]string{"tool": "fail"}, 0},
		{"mcp_request_errors", map[string]string{"tool": "missing", "error_type": "jsonrpc_-32602", "step": "bad", "suite": "m"}, 1},
		{"mcp_request_errors", nil, 1},
		{"mcp_sessions", map[string]string{"suite": "m"}, 1},
		{"data_received", map[string]string{"method": "Initialize", "mcp_method": "initialize", "status": "ok"}, -1},
		{"mcp_request_count", map[string]string{"method": "Initialize"}, 1},
		{"data_sent", map[string]string{"tool": "echo"}, -1},
		{"data_received", map[string]string{"tool": "echo"}, -1},
	}
	for _, tc := range tests {
		got := sum(samplesWith(vu, tc.metric, tc.tags))
		if tc.want < 0 && got <= 0 || tc.want >= 0 && got != tc.want {
			t.Errorf("%s%v = %v, want %v; all: %s", tc.metric, tc.tags, got, tc.want, tagString(vu.SamplesOf(tc.metric)))
		}
	}
	if ok := samplesWith(vu, "mcp_request_count", map[string]string{"tool": "echo"}); len(ok) == 1 {
		if _, has := ok[0].Tags.Get("error_type"); has {
			t.Error("a successful call has an error_type tag")
		}
	}
	for _, s := range vu.SamplesOf("mcp_request_duration") {
		if s.Value <= 0 || s.Value > 5000 {
			t.Errorf("duration %v ms", s.Value)
		}
	}
}

// TestTraceOnResults: results carry the traceparent the server saw.
func TestTraceOnResults(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	v := runJS(t, vu, `
const c = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+`, sampled: false });
const r = c.callTool({ name: 'trace' });
const seen = JSON.parse(r.content[0].text);
if (seen.header !== r.traceparent || seen.meta !== r.traceparent) throw new Error('server saw ' + r.content[0].text + ', sent ' + r.traceparent);
if (r.traceparent !== '00-' + r.traceId + '-' + r.spanId + '-00') throw new Error('traceparent ' + r.traceparent);
if (r.trace_id !== r.traceId || r.session_id !== c.sessionId || !r.sessionId || typeof r.durationMs !== 'number' || r.duration_ms !== r.durationMs) throw new Error(JSON.stringify(r));
if (c.protocolVersion !== '2025-11-25' || r.protocolVersion !== c.protocolVersion) throw new Error('version ' + c.protocolVersion);
const keys = Object.keys(r);
if (keys.includes('trace_id') || keys.includes('is_error')) throw new Error('aliases should not be enumerable: ' + keys);
const other = c.callTool({ name: 'echo' });
if (other.traceId === r.traceId) throw new Error('two calls share a trace');
r.traceparent;
`)
	if got := srv.Recorder.Of("tools/call")[0].HeaderParent; got != v.String() {
		t.Errorf("recorded %q, result %q", got, v)
	}
	runJS(t, vu, `
const h = mcp.connect(`+js(srv.URL)+`, { propagation: 'header' }).callTool({ name: 'trace' });
const saw = JSON.parse(h.content[0].text);
if (saw.header !== h.traceparent || saw.meta) throw new Error('propagation header: server saw ' + h.content[0].text);
`)
}

// TestExceptions: failures throw Errors describing themselves, unless
// throw is false; ping never throws.
func TestExceptions(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	srv.Faults.Set(testserver.Fault503)
	runJS(t, vu, `
const c = mcp.connect(`+js(srv.URL)+`, { timeout: '5s' });
let caught;
try { c.callTool({ name: 'echo' }); } catch (e) { caught = e; }
if (!(caught instanceof Error) || caught.type !== 'http_503' || caught.kind !== 'http_status' || caught.status !== 503 || !caught.traceId) throw new Error('caught ' + caught + ' ' + JSON.stringify(caught));
if (!String(caught.message).includes('HTTP 503') || !String(caught.message).includes('tools/call "echo"')) throw new Error(caught.message);
const r = c.callTool({ name: 'echo' }, { throw: false });
if (r.error.type !== 'http_503' || !r.traceId || r.isError !== false) throw new Error(JSON.stringify(r));
const quiet = mcp.connect(`+js(srv.URL)+`, { throw: false });
if (quiet.callTool({ name: 'echo' }).error.status !== 503) throw new Error('throw: false on the client');
let typeErr;
try { c.callTool({ arguments: {} }); } catch (e) { typeErr = e; }
if (!typeErr || !String(typeErr).includes('tool name is empty')) throw new Error('no name: ' + typeErr);
`)
	srv.Faults.Set(testserver.FaultHang)
	runJS(t, vu, `{
const slow = mcp.connect(`+js(srv.URL)+`);
const t0 = Date.now();
const r = slow.callTool({ name: 'echo' }, { timeout: 200, throw: false });
if (r.error.type !== 'timeout' || Date.now() - t0 > 3000) throw new Error(JSON.stringify(r));
}`)
	srv.Faults.Set(testserver.NoFault)
	_ = srv.Close()
	runJS(t, vu, `{
const gone = mcp.connect(`+js(srv.URL)+`, { newSession: true, throw: false });
// A failed connect is a counted request error (method Initialize).
if (gone.ping() !== false) throw new Error('ping of a dead server');
const r = gone.listTools();
if (r.error.type !== 'transport') throw new Error(JSON.stringify(r));
let thrown;
try { new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+`, timeout: 1000 }); } catch (e) { thrown = e; }
if (!thrown || thrown.type !== 'transport' || !String(thrown).includes('connection refused')) throw new Error('connect: ' + thrown);
}`)
}

// TestOptionErrors: typos and bad values are TypeErrors naming them.
func TestOptionErrors(t *testing.T) {
	t.Parallel()
	vu := running(t)
	for src, want := range map[string]string{
		`new mcp.StreamableHTTPClient({ base_ur: 'http://x/mcp' })`:                   "unknown option(s) base_ur",
		`new mcp.StreamableHTTPClient({ base_url: 'http://x/mcp', timeout: 'soon' })`: `duration "soon"`,
		`new mcp.StreamableHTTPClient({ base_url: 'http://x/mcp', timeout: -5 })`:     "mcp options.timeout: invalid duration -5: must not be negative",
		`mcp.connect('http://x/mcp', { connectTimeout: true })`:                       "mcp options.connectTimeout: invalid duration true",
		`mcp.connect('http://x/mcp', { protocolVersion: '2024-01-01' })`:              `protocol version "2024-01-01"`,
		`mcp.connect('http://x/mcp', { tls: { severName: 'x' } })`:                    "severName",
		`new mcp.StdioClient({})`:                                 "stdio transport needs a command path",
		`mcp.connect()`:                                           "needs a URL",
		`mcp.connect('ftp://x')`:                                  "http://",
		`mcp.connect('http://x/mcp', { otel: 'yes' })`:            "otel",
		`mcp.connect('http://x/mcp', { propagation: 'headers' })`: `propagation "headers"`,
	} {
		_, err := vu.Run(src)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "TypeError") {
			t.Errorf("%s: got %v, want a TypeError saying %q", src, err, want)
		}
	}
}

// TestSessionPerVU: clients with the same options share the VU's session
// (grafana scripts build one per iteration); newSession opts out; the VU
// closing ends them.
func TestSessionPerVU(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	runJS(t, vu, `
const a = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+` });
const b = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+` });
const c = mcp.connect(`+js(srv.URL)+`, { newSession: true });
a.ping(); b.ping(); c.ping();
if (a.sessionId !== b.sessionId || a.sessionId === c.sessionId) throw new Error([a.sessionId, b.sessionId, c.sessionId].join(' '));
c.close();
let closed;
try { c.ping(); c.listTools(); } catch (e) { closed = e; }
if (!closed || !String(closed).includes('closed')) throw new Error('closed client: ' + closed);
`)
	if n := len(srv.Recorder.Of("initialize")); n != 2 {
		t.Errorf("%d sessions initialized, want 2", n)
	}
	if err := vu.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(vu.SamplesOf("mcp_session_duration")); n != 2 {
		t.Errorf("%d session durations, want 2", n)
	}
}

// TestInitContext: a client built in init code connects at its first
// call, in the VU's iteration.
func TestInitContext(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := newVU(t)
	runJS(t, vu, `var client = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+` });`)
	if n := len(srv.Recorder.Requests()); n != 0 {
		t.Fatalf("init code sent %d requests", n)
	}
	vu.StartIteration(nil)
	runJS(t, vu, `if (client.callTool({ name: 'echo', arguments: { text: 'x' } }).content[0].text !== 'x') throw new Error('echo');`)
	if n := len(vu.SamplesOf("mcp_sessions")); n != 1 {
		t.Errorf("%d session samples", n)
	}
}

// TestConnectFromConfig: mcp.connect() without a URL uses mcpchaos.yaml.
func TestConnectFromConfig(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := newVU(t)
	vu.Env.Config = &config.Config{MCP: config.MCP{
		URL: srv.URL, Transport: "streamable-http", Timeout: 5 * time.Second,
		Headers: map[string]string{"X-Suite": "cfg"}, BearerTokenEnv: "TOKEN", ProtocolVersion: "2025-06-18",
	}}
	vu.Env.Env["TOKEN"] = "s3cret"
	vu.StartIteration(nil)
	runJS(t, vu, `
const c = mcp.connect();
if (c.protocolVersion !== '2025-06-18') throw new Error(c.protocolVersion);
c.callTool({ name: 'echo' });
`)
	calls := srv.Recorder.Of("tools/call")
	if len(calls) != 1 {
		t.Fatal("the call did not reach the configured server")
	}
	if h := calls[0].Header; h.Get("Authorization") != "Bearer s3cret" || h.Get("X-Suite") != "cfg" {
		t.Errorf("configured headers not sent: %v", h)
	}
}

// TestReconnectMetric: a forgotten session is re-established and counted.
func TestReconnectMetric(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	runJS(t, vu, `var c = mcp.connect(`+js(srv.URL)+`); var before = c.sessionId; c.ping();`)
	srv.Forget()
	runJS(t, vu, `
const r = c.callTool({ name: 'echo' });
if (!r.reconnected || r.sessionId === before || c.sessionId !== r.sessionId) throw new Error(JSON.stringify(r));
`)
	if got := sum(vu.SamplesOf("mcp_reconnects")); got != 1 {
		t.Errorf("mcp_reconnects = %v", got)
	}
	if got := sum(vu.SamplesOf("mcp_sessions")); got != 2 {
		t.Errorf("mcp_sessions = %v", got)
	}
}

// TestConnectFailureCounted: a handshake that fails shows in
// mcp_request_errors, so a threshold on it catches a dead server.
func TestConnectFailureCounted(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	_ = srv.Close()
	vu := running(t)
	if _, err := vu.Run(`mcp.connect(` + js(srv.URL) + `).ping()`); err == nil {
		t.Fatal("connecting to a closed server succeeded")
	}
	if got := sum(samplesWith(vu, "mcp_request_errors", map[string]string{"method": "Initialize", "error_type": "transport"})); got != 1 {
		t.Errorf("mcp_request_errors{method:Initialize} = %v: %s", got, tagString(vu.Samples()))
	}
}

// TestHeadersAndAuth: grafana/xk6-mcp's headers and auth.bearer_token
// reach the server on every request.
func TestHeadersAndAuth(t *testing.T) {
	t.Parallel()
	srv := startServer(t, testserver.StreamableHTTP, 0)
	vu := running(t)
	runJS(t, vu, `
const c = new mcp.StreamableHTTPClient({ base_url: `+js(srv.URL)+`, headers: { 'X-Team': 'sre' }, auth: { bearer_token: 'tok' } });
c.callTool({ name: 'echo' });
`)
	for _, q := range srv.Recorder.Requests() {
		if q.Header.Get("Authorization") != "Bearer tok" || q.Header.Get("X-Team") != "sre" {
			t.Errorf("%s sent headers %v", q.Method, q.Header)
		}
	}
}
