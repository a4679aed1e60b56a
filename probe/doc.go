// Package probe is the synthetic MCP prober: a Prometheus exporter in the
// style of blackbox_exporter that speaks the real protocol to an MCP server
// from outside it. It catches what in-process telemetry cannot see: a crash
// before the logger starts, an OOM kill, an expired certificate, a DNS
// failure, a dead log shipper.
//
// # Use
//
// From Go:
//
//	p, err := probe.New(cfg, probe.WithVersion(v))      // validates, loads CA/token files
//	res := p.Probe(ctx, "https://mcp.example/mcp", "canary")
//	res.Success, res.Failure(), res.Phases, res.TraceID
//
// Over HTTP, Handler serves GET /probe?target=<url>&module=<name> and
// answers with the probe's metrics (multi-target pattern: Prometheus puts
// the target in the query with relabeling, as for blackbox_exporter).
// Without module the built-in "default" module runs: initialize → tools/list
// over Streamable HTTP. &debug=true returns a text log of the phases with
// the trace id, the metrics, and the module (secrets redacted).
// The probe timeout is the module's, shortened to Prometheus's
// X-Prometheus-Scrape-Timeout-Seconds minus an offset (0.5 s by default).
// `mcpchaos probe --listen 127.0.0.1:9465 --config probe.yaml` serves it
// together with /metrics for the exporter's own counters.
//
// A Prometheus scrape job for it, as for blackbox_exporter:
//
//	scrape_configs:
//	  - job_name: mcp-probe
//	    metrics_path: /probe
//	    params: {module: [canary]}
//	    static_configs: [{targets: ["http://127.0.0.1:8080/mcp"]}]
//	    relabel_configs:
//	      - {source_labels: [__address__], target_label: __param_target}
//	      - {source_labels: [__param_target], target_label: instance}
//	      - {target_label: __address__, replacement: "127.0.0.1:9465"}
//
// # Modules
//
// A module (see Module and testdata/probe.yaml) sets the transport
// (streamable_http or sse), the protocol version requested, the accepted
// negotiated versions, headers and a bearer token (inline, bearer_token_env
// or bearer_token_file), TLS (CA, client certificate, server name, minimum
// version), the steps (tools/list with expected tools, an optional canary
// tools/call with arguments and an expect_result regular expression) and
// the timeout. Unknown YAML keys are errors; New reports every problem at
// once, naming the module and field. A protocol version of 2026-07-28 or
// later uses the stateless core: server/discover instead of initialize,
// per-request _meta, Mcp-Method and Mcp-Name headers, no session.
//
// Header values and the bearer token are of type Secret: fmt, slog, YAML
// and JSON print "<secret>", and text that came back from the server is
// scrubbed of them before it reaches an error, the debug log or a metric.
//
// # Metrics of one probe
//
//	probe_success                                   1 or 0
//	probe_duration_seconds                          the whole probe
//	probe_mcp_phase_duration_seconds{phase}         dns, connect, tls, initialize, list_tools, call_tool; 0 if not reached
//	probe_mcp_failed_phase{phase,reason}            1; only present when the probe failed
//	probe_ssl_earliest_cert_expiry                  unix seconds; only for https, also when verification failed
//	probe_mcp_protocol_version{version}             1; the negotiated version, once known
//	probe_mcp_tools_count                           tools listed, once tools/list succeeded
//
// dns, connect and tls are summed over the connections the probe opened
// (one for Streamable HTTP, usually two for SSE: the stream and the POSTs);
// the MCP phases exclude that connection setup. initialize includes the
// notifications/initialized POST (and, for SSE, opening the stream).
// reason is one of the Reason constants: dns, refused, timeout, tls_expired,
// tls_untrusted, http_status, jsonrpc_error, tool_error, unexpected_result.
// A failure is charged to the phase in progress when it happened, so a slow
// canary tool is {phase="call_tool",reason="timeout"} and an expired
// certificate {phase="tls",reason="tls_expired"}.
//
// The exporter's own metrics (served on /metrics by the command) are
// mcpchaos_probe_probes_total{module,result} and
// mcpchaos_probe_bad_requests_total{reason}.
//
// # Tracing and identification
//
// Every probe has a fresh W3C trace id; each request carries a traceparent
// header (sampled, new span id per request) and the same value in
// params._meta.traceparent, so a server that extracts either puts the
// probe's calls in one trace. The trace id is in Result.TraceID and on the
// debug page. Requests carry User-Agent mcpchaos-probe/<version> and
// clientInfo {name: mcpchaos-probe}.
//
// # Why an own client instead of mcp-go's
//
// The probe speaks JSON-RPC over net/http itself (conn.go, streamable.go,
// ssetransport.go, about 300 lines) rather than through mcp-go's client:
//
//   - per-phase timing needs the probe's own http.Transport per probe with
//     net/http/httptrace hooks on every request, and a failure must be
//     charged to the phase in progress; mcp-go's client hides both;
//   - exact classification needs the raw answer: an HTTP status, a
//     JSON-RPC error object (also inside a 400 in the stateless core), an
//     isError result, a cut stream; through mcp-go's client these arrive as
//     opaque wrapped errors;
//   - the certificate must be recorded even when verification fails, which
//     needs a tls.Config of our own (VerifyConnection) anyway;
//   - one SSE parser serves both transports and is fuzzed.
//
// mcp-go's server (Streamable HTTP and SSE) is the real peer in the tests.
// Redirects are not followed (a 3xx is http_status): following one could
// carry the token to another origin; for the same reason the SSE endpoint
// event must point at the target's origin.
//
// Probing cost: one probe (fresh connection, initialize, tools/list, canary
// call, session DELETE) takes about 1.4 ms of CPU against a local server
// (BenchmarkProbe, cpu-ms/op).
package probe
