package probe_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/certs"
	"github.com/mcpchaos/mcpchaos/probe"
)

const testVersion = "test"

// canary is a call_tool step.
func canary(tool, expect string) probe.Steps {
	return probe.Steps{CallTool: &probe.CallTool{
		Name: tool, Arguments: map[string]any{"message": "canary-ok"}, ExpectResult: expect,
	}}
}

// plainServer starts a Streamable HTTP server without auth.
func plainServer(t *testing.T) string {
	u, _ := startStreamable(t, nil)
	return u
}

// probeOnce builds a Prober with module "m" and probes target with it.
func probeOnce(t *testing.T, target string, m probe.Module, opts ...probe.Option) probe.Result {
	t.Helper()
	p, err := probe.New(probe.Config{Modules: map[string]probe.Module{"m": m}},
		append([]probe.Option{probe.WithVersion(testVersion)}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return p.Probe(ctx, target, "m")
}

func TestProbeAgainstRealServers(t *testing.T) {
	t.Parallel()
	ca, caFile := newTestCA(t)
	now := time.Now()
	expired := issue(t, ca, certs.Expired(24*time.Hour))
	valid := issue(t, ca, certs.Options{NotAfter: now.Add(24 * time.Hour)})

	tests := []struct {
		name       string
		target     func(t *testing.T) string
		module     probe.Module
		opts       func(t *testing.T) []probe.Option
		wantPhase  probe.Phase // "" means success
		wantReason probe.Reason
		check      func(t *testing.T, res probe.Result)
	}{
		{
			name: "healthy streamable HTTP with canary",
			target: func(t *testing.T) string {
				u, _ := startStreamable(t, nil)
				return strings.Replace(u, "127.0.0.1", "localhost", 1) // resolved: dns is timed
			},
			module: probe.Module{Steps: canary("echo", "^canary-ok$")},
			check: func(t *testing.T, res probe.Result) {
				for _, p := range []probe.Phase{probe.PhaseDNS, probe.PhaseConnect, probe.PhaseInitialize, probe.PhaseListTools, probe.PhaseCallTool} {
					if res.Phases[p] <= 0 {
						t.Errorf("phase %s not timed: %v", p, res.Phases)
					}
				}
				if res.ProtocolVersion != probe.DefaultProtocolVersion || res.ToolsCount != 3 || !res.CertExpiry.IsZero() {
					t.Errorf("version %q, tools %d, cert expiry %v", res.ProtocolVersion, res.ToolsCount, res.CertExpiry)
				}
			},
		},
		{
			name:   "healthy SSE transport",
			target: startSSE,
			module: probe.Module{Transport: probe.TransportSSE, ProtocolVersion: "2024-11-05", Steps: canary("echo", "canary")},
			check: func(t *testing.T, res probe.Result) {
				if res.ProtocolVersion != "2024-11-05" || res.ToolsCount != 3 {
					t.Errorf("version %q, tools %d", res.ProtocolVersion, res.ToolsCount)
				}
			},
		},
		{
			name:   "healthy stateless core (server/discover)",
			target: plainServer,
			module: probe.Module{ProtocolVersion: "2026-07-28", Steps: canary("echo", "canary")},
			check: func(t *testing.T, res probe.Result) {
				if res.ProtocolVersion != "2026-07-28" {
					t.Errorf("version %q", res.ProtocolVersion)
				}
			},
		},
		{
			name:   "TLS with a valid certificate from the test CA",
			target: func(t *testing.T) string { return startTLS(t, valid) },
			module: probe.Module{TLS: probe.TLSConfig{CAFile: caFile}},
			check: func(t *testing.T, res probe.Result) {
				if res.Phases[probe.PhaseTLS] <= 0 || !res.CertExpiry.After(now) {
					t.Errorf("tls %v, cert expiry %v", res.Phases[probe.PhaseTLS], res.CertExpiry)
				}
			},
		},
		{
			name:       "server killed: connection refused",
			target:     func(t *testing.T) string { return "http://" + deadAddress(t) + "/mcp" },
			wantPhase:  probe.PhaseConnect,
			wantReason: probe.ReasonRefused,
		},
		{
			name:       "server dies mid-call: refused in call_tool",
			target:     func(t *testing.T) string { u, _ := startStreamable(t, dropToolCalls); return u },
			module:     probe.Module{Steps: canary("echo", "")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonRefused,
		},
		{
			name:       "expired certificate from the test CA",
			target:     func(t *testing.T) string { return startTLS(t, expired) },
			module:     probe.Module{TLS: probe.TLSConfig{CAFile: caFile}},
			wantPhase:  probe.PhaseTLS,
			wantReason: probe.ReasonTLSExpired,
			check: func(t *testing.T, res probe.Result) {
				if res.CertExpiry.IsZero() || !res.CertExpiry.Before(now) {
					t.Errorf("cert expiry %v, want in the past", res.CertExpiry)
				}
			},
		},
		{
			name:       "certificate from an unknown CA",
			target:     func(t *testing.T) string { return startTLS(t, valid) },
			wantPhase:  probe.PhaseTLS,
			wantReason: probe.ReasonTLSUntrusted,
		},
		{
			name:       "slow tool: timeout in call_tool",
			target:     plainServer,
			module:     probe.Module{Timeout: 1500 * time.Millisecond, Steps: canary("slow", "")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonTimeout,
			check: func(t *testing.T, res probe.Result) {
				if res.Duration > 5*time.Second {
					t.Errorf("probe took %v, past its 1.5s timeout", res.Duration)
				}
			},
		},
		{
			name:       "isError result: tool_error",
			target:     plainServer,
			module:     probe.Module{Steps: canary("fail", "")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonToolError,
		},
		{
			name:       "unknown tool: jsonrpc_error",
			target:     plainServer,
			module:     probe.Module{Steps: canary("no-such-tool", "")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonJSONRPCError,
		},
		{
			name:       "unknown tool in the stateless core: jsonrpc_error over HTTP 400",
			target:     plainServer,
			module:     probe.Module{ProtocolVersion: "2026-07-28", Steps: canary("no-such-tool", "")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonJSONRPCError,
		},
		{
			name:       "result not matching expect_result",
			target:     plainServer,
			module:     probe.Module{Steps: canary("echo", "^something else$")},
			wantPhase:  probe.PhaseCallTool,
			wantReason: probe.ReasonUnexpectedResult,
		},
		{
			name:       "expected tool missing from tools/list",
			target:     plainServer,
			module:     probe.Module{Steps: probe.Steps{ExpectTools: []string{"echo", "search"}}},
			wantPhase:  probe.PhaseListTools,
			wantReason: probe.ReasonUnexpectedResult,
		},
		{
			name:       "negotiated version not accepted",
			target:     plainServer,
			module:     probe.Module{ProtocolVersion: "2025-06-18", ValidProtocolVersions: []string{"2025-11-25"}},
			wantPhase:  probe.PhaseInitialize,
			wantReason: probe.ReasonUnexpectedResult,
		},
		{
			name:   "right bearer token",
			target: func(t *testing.T) string { u, _ := startStreamable(t, requireBearer("right-token")); return u },
			module: probe.Module{BearerToken: "right-token"},
		},
		{
			name:       "wrong bearer token: http_status",
			target:     func(t *testing.T) string { u, _ := startStreamable(t, requireBearer("right-token")); return u },
			module:     probe.Module{BearerToken: "wrong-token"},
			wantPhase:  probe.PhaseInitialize,
			wantReason: probe.ReasonHTTPStatus,
		},
		{
			name:       "DNS failure (.invalid, resolver on loopback)",
			target:     func(*testing.T) string { return "http://mcp.invalid/mcp" },
			opts:       func(t *testing.T) []probe.Option { return []probe.Option{probe.WithResolver(nxdomainResolver(t))} },
			wantPhase:  probe.PhaseDNS,
			wantReason: probe.ReasonDNS,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var opts []probe.Option
			if tt.opts != nil {
				opts = tt.opts(t)
			}
			res := probeOnce(t, tt.target(t), tt.module, opts...)
			fail, failed := res.Failure()
			switch {
			case tt.wantPhase == "" && !res.Success:
				t.Fatalf("probe failed: %v", res.Err)
			case tt.wantPhase != "" && !failed:
				t.Fatalf("probe: success %v, err %v; want failure in %s (%s)", res.Success, res.Err, tt.wantPhase, tt.wantReason)
			case failed && (fail.Phase != tt.wantPhase || fail.Reason != tt.wantReason):
				t.Fatalf("failed in %s (%s): %v; want %s (%s)", fail.Phase, fail.Reason, fail.Err, tt.wantPhase, tt.wantReason)
			}
			if len(res.TraceID) != 32 || res.Duration <= 0 {
				t.Errorf("trace id %q, duration %v", res.TraceID, res.Duration)
			}
			if tt.check != nil {
				tt.check(t, res)
			}
		})
	}
}

// The probe tags itself and sends one traceparent per probe, in the header
// and in params._meta, with a new span per request.
func TestProbeSendsTraceparentAndUserAgent(t *testing.T) {
	t.Parallel()
	target, rec := startStreamable(t, nil)
	res := probeOnce(t, target, probe.Module{Steps: canary("echo", "")})
	if !res.Success {
		t.Fatalf("probe failed: %v", res.Err)
	}
	headers, bodies := rec.seen()
	if len(headers) < 4 {
		t.Fatalf("server saw %d requests, want initialize, initialized, tools/list, tools/call", len(headers))
	}
	spans := map[string]bool{}
	for i, h := range headers {
		if ua := h.Get("User-Agent"); ua != "mcpchaos-probe/"+testVersion {
			t.Errorf("request %d: User-Agent %q", i, ua)
		}
		tp := h.Get("Traceparent")
		parts := strings.Split(tp, "-")
		if len(parts) != 4 || parts[1] != res.TraceID || parts[3] != "01" {
			t.Errorf("request %d: traceparent %q, want trace id %s, sampled", i, tp, res.TraceID)
			continue
		}
		spans[parts[2]] = true
		if bodies[i] != "" && !strings.Contains(bodies[i], `"traceparent":"`+tp+`"`) {
			t.Errorf("request %d: body %s lacks params._meta.traceparent %s", i, bodies[i], tp)
		}
	}
	if len(spans) != len(headers) {
		t.Errorf("%d distinct span ids over %d requests", len(spans), len(headers))
	}
}

// A bearer token never shows in the error, the debug log, the metrics or
// the config's printed forms, even when the server echoes it back.
func TestBearerTokenNeverPrinted(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-probe-token-7f2a"
	target, _ := startStreamable(t, requireBearer("another"))
	cfg := probe.Config{Modules: map[string]probe.Module{"m": {
		BearerTokenEnv: "PROBE_TEST_TOKEN",
		Headers:        map[string]probe.Secret{"X-Api-Key": secret + "-header"},
	}}}
	env := func(name string) (string, bool) { return secret, name == "PROBE_TEST_TOKEN" }
	p, err := probe.New(cfg, probe.WithLookupEnv(env))
	if err != nil {
		t.Fatal(err)
	}
	res := p.Probe(context.Background(), target, "m")
	if fail, ok := res.Failure(); !ok || fail.Reason != probe.ReasonHTTPStatus {
		t.Fatalf("want http_status failure, got %v", res.Err)
	}
	mod, _ := p.Module("m")
	inline := probe.Module{BearerToken: secret, BearerTokenEnv: "X"}
	texts := map[string]string{
		"error":        res.Err.Error(),
		"debug output": probe.DebugOutput(res, res.Registry(), mod),
		"config %+v":   fmtAll(cfg, inline),
	}
	badCfg := probe.Config{Modules: map[string]probe.Module{"bad": inline}}
	if err := badCfg.Validate(); err != nil {
		texts["validation error"] = err.Error()
	}
	for where, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("%s shows the token:\n%s", where, text)
		}
	}
	if !strings.Contains(texts["error"], "<secret>") {
		t.Errorf("the echoed token was not scrubbed from the error: %s", texts["error"])
	}
}

func TestProbeBadInput(t *testing.T) {
	t.Parallel()
	p, err := probe.New(probe.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ target, module string }{
		{"http://127.0.0.1:1/mcp", "nope"},
		{"ftp://127.0.0.1/mcp", probe.DefaultModuleName},
		{"http://user:pw@127.0.0.1/mcp", probe.DefaultModuleName},
		{"/mcp", probe.DefaultModuleName},
	} {
		res := p.Probe(context.Background(), tc.target, tc.module)
		if res.Success || res.Err == nil {
			t.Errorf("%s with %s: want an error", tc.target, tc.module)
		}
		if _, ok := res.Failure(); ok {
			t.Errorf("%s with %s: bad input reported as a probe failure: %v", tc.target, tc.module, res.Err)
		}
	}
}

// A parent context that expires is a timeout charged to the phase in
// progress.
func TestProbeHonoursContext(t *testing.T) {
	t.Parallel()
	target, _ := startStreamable(t, nil)
	p, err := probe.New(probe.Config{Modules: map[string]probe.Module{"m": {Steps: canary("slow", "")}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	res := p.Probe(ctx, target, "m")
	if fail, ok := res.Failure(); !ok || fail.Reason != probe.ReasonTimeout || fail.Phase != probe.PhaseCallTool {
		t.Fatalf("want call_tool timeout, got %v", res.Err)
	}
}
