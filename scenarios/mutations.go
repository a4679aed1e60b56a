package scenarios

import (
	"fmt"
	"sort"
	"strings"
)

// Mutation is one way to break the reference pipeline (a test-only
// defect of the reference server, MCP_TEST_DEFECT=Name) and what must
// notice it: a phase of suite.js, and the assertion whose failure names
// the broken property (its subject starts with Catches).
type Mutation struct {
	Name string `json:"name"`
	// Phase is the suite phase (SUITE_ONLY) that judges it.
	Phase string `json:"phase"`
	// Catches is the start of the subject of the assertion that must fail.
	Catches string `json:"catches"`
	// Breaks says what is broken, in words.
	Breaks string `json:"breaks"`
}

// Mutations lists the mutations, by name.
func Mutations() []Mutation {
	m := []Mutation{
		{"errors-as-success", "downstreamErrors", "alertFires(MCPToolHighErrorRate", "failed tool calls counted as status ok"},
		{"status-label-wrong", "downstreamErrors", "alertFires(MCPToolHighErrorRate", "status label values success/failure instead of ok/error"},
		{"breaker-gauge-never-set", "downstreamErrors", "alertFires(MCPCircuitBreakerOpen", "the circuit-breaker gauge never set"},
		{"errors-bare", "downstreamErrors", "logsHaveFields(", "errors logged as a bare message, without type or stack"},
		{"coarse-buckets", "downstreamLatency", "alertFires(MCPToolHighLatency", "latency histogram with buckets that cannot show p99 above 1s"},
		{"no-session-id-in-logs", "baseline", "logsHaveFields(", "no session_id in log lines"},
		{"no-trace-id-in-logs", "baseline", "logsComplete(", "no trace_id in log lines"},
		{"logs-to-stderr", "baseline", "logsComplete(", "logs written to stderr only, never to the file the shipper tails"},
		{"redaction-off", "baseline", "logsNeverContain(", "secrets logged unredacted"},
		{"redaction-shallow", "baseline", "logsNeverContain(", "redaction that misses nested keys"},
		{"no-traceparent-extract", "baseline", "tracesSampled(", "traceparent not extracted: a new root trace per call"},
		{"no-downstream-inject", "baseline", "traceMatches(", "trace context not injected into the downstream call"},
		{"sampler-ignores-parent", "baseline", "tracesSampled(", "the sampler ignores the parent's sampled flag"},
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
