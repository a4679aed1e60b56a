// Package assertions checks an MCP server's observability pipeline from
// its own backends: that the expected alerts fired (and resolved), that
// the logs and traces arrived — all of them — and that the synthetic
// probe saw the failure, each within its deadline, and that nothing else
// went off.
//
// Every expectation is a plain struct (AlertFires, QueryHolds, LogsComplete,
// TraceMatches, ProbeFails, ...) with Evaluate(ctx, *Backends) Result. It
// polls its backend with backoff until it holds or its Within deadline
// passes, like a testcontainers wait strategy, and returns a Result that
// says pass, fail or error, the query it ran, the last value it observed,
// when it held and why. Error is its own verdict: a backend that cannot be
// reached, a query it rejects, a 5xx. It is never a pass and never a plain
// fail ("could not evaluate", exit code 120 in scripts).
//
// Backends talk to one system each, with endpoint paths as constants and
// one typed *APIError: Prometheus (through client_golang's v1 API),
// Alertmanager (API v2), the stack's webhook sink, logs (VictoriaLogs with
// LogsQL, Loki with LogQL) and traces (Jaeger's API v3, Tempo). The
// package never imports sobek: k6/x/assertions (assertions/js) is a thin
// adapter over it.
package assertions
