package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// Mutation is one way to break the reference pipeline — a test-only
// defect of the reference server (MCP_TEST_DEFECT=Name) or of the
// embedded stack's configuration (stack.Options.Mutations) — and what
// must notice it: a phase of suite.js, and the assertion whose failure
// names the broken property (its subject starts with Catches, its why
// contains Says).
type Mutation struct {
	Name string `json:"name"`
	// Stack says the mutation is a switch of the stack, not the server.
	Stack bool `json:"stack,omitempty"`
	// Phase is the suite phase (SUITE_ONLY) that judges it.
	Phase string `json:"phase"`
	// Catches is the start of the subject of the assertion that must fail.
	Catches string `json:"catches"`
	// Says is what the failing assertion's why must contain ("" for no
	// more than the subject).
	Says string `json:"says,omitempty"`
	// Breaks says what is broken, in words.
	Breaks string `json:"breaks"`
}

// Mutations lists the mutations, by name.
func Mutations() []Mutation {
	m := []Mutation{
		{Name: "errors-as-success", Phase: "downstreamErrors", Catches: "alertFires(MCPToolHighErrorRate", Breaks: "failed tool calls counted as status ok"},
		{Name: "status-label-wrong", Phase: "downstreamErrors", Catches: "alertFires(MCPToolHighErrorRate", Breaks: "status label values success/failure instead of ok/error"},
		{Name: "breaker-gauge-never-set", Phase: "downstreamErrors", Catches: "alertFires(MCPCircuitBreakerOpen", Breaks: "the circuit-breaker gauge never set"},
		{Name: "errors-bare", Phase: "downstreamErrors", Catches: "logsHaveFields(", Says: "error.type", Breaks: "errors logged as a bare message, without type or stack"},
		{Name: "coarse-buckets", Phase: "downstreamLatency", Catches: "alertFires(MCPToolHighLatency", Breaks: "latency histogram with buckets that cannot show p99 above 1s"},
		{Name: "no-session-id-in-logs", Phase: "baseline", Catches: "logsHaveFields(", Says: "session_id", Breaks: "no session_id in log lines"},
		{Name: "no-trace-id-in-logs", Phase: "baseline", Catches: "logsComplete(", Breaks: "no trace_id in log lines"},
		{Name: "logs-to-stderr", Phase: "baseline", Catches: "logsComplete(", Breaks: "logs written to stderr only, never to the file the shipper tails"},
		{Name: "redaction-off", Phase: "baseline", Catches: "logsNeverContain(", Breaks: "secrets logged unredacted"},
		{Name: "redaction-shallow", Phase: "baseline", Catches: "logsNeverContain(", Breaks: "redaction that misses nested keys"},
		{Name: "no-traceparent-extract", Phase: "baseline", Catches: "tracesSampled(", Breaks: "traceparent not extracted: a new root trace per call"},
		{Name: "no-downstream-inject", Phase: "baseline", Catches: "traceMatches(", Breaks: "trace context not injected into the downstream call"},
		{Name: "sampler-ignores-parent", Phase: "baseline", Catches: "tracesSampled(", Breaks: "the sampler ignores the parent's sampled flag"},

		{Name: "missing-alert-rule", Stack: true, Phase: "downstreamLatency", Catches: "alertFires(MCPToolHighLatency", Says: "no alerting rule named MCPToolHighLatency is loaded", Breaks: "the latency alert rule missing from Prometheus"},
		{Name: "metrics-on-mcp-port", Stack: true, Phase: "baseline", Catches: "queryHolds(abs(sum(mcp_tool_duration_seconds_count)", Breaks: "metrics served and scraped on the MCP port: scrapes land in the latency histogram"},
		{Name: "checkpoints-deleted", Stack: true, Phase: "shipperOutage", Catches: "logsComplete(", Says: "more than one line", Breaks: "the shipper's checkpoints lost at restart: lines shipped twice"},
		{Name: "probe-not-scraped", Stack: true, Phase: "baseline", Catches: "queryHolds(min_over_time(probe_success", Breaks: "the synthetic probe not scraped by Prometheus"},
		{Name: "sampling-zero", Stack: true, Phase: "baseline", Catches: "tracesSampled(", Breaks: "the server's sampler set to 0 %: no call traced"},
		{Name: "alertmanager-null-receiver", Stack: true, Phase: "downstreamLatency", Catches: "alertFires(MCPToolHighLatency", Says: "has not reached webhook", Breaks: "Alertmanager routes every alert to a receiver that notifies nobody"},
	}
	sort.Slice(m, func(i, j int) bool { return m[i].Name < m[j].Name })
	return m
}

// LookupMutation returns the mutation named name, or an error listing
// the known ones.
func LookupMutation(name string) (Mutation, error) {
	var names []string
	for _, m := range Mutations() {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return Mutation{}, fmt.Errorf("mutation %q is unknown: use one of %s", name, strings.Join(names, ", "))
}
