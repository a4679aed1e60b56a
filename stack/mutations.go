package stack

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Mutations are test-only switches of the stack's own configuration, each
// breaking exactly one property of the pipeline around the server (the
// reference server's own defects are its MCP_TEST_DEFECT switches), so
// the mutation matrix can prove the suite notices. Off by default; never
// for production use.
const (
	// MutationMissingAlertRule leaves MCPToolHighLatency out of the rules
	// Prometheus loads: a latency incident pages nobody.
	MutationMissingAlertRule = "missing-alert-rule"
	// MutationMetricsOnMCPPort scrapes the server's metrics from its MCP
	// port (the reference server then serves /metrics there, through its
	// request instrumentation): scrapes land in the latency histogram.
	MutationMetricsOnMCPPort = "metrics-on-mcp-port"
	// MutationCheckpointsDeleted keeps the shipper's file offsets in
	// memory only, as if its checkpoints were deleted at every restart: a
	// restarted shipper reads every log file again and duplicates lines.
	MutationCheckpointsDeleted = "checkpoints-deleted"
	// MutationProbeNotScraped drops the probe's scrape job: probe_success
	// never reaches Prometheus.
	MutationProbeNotScraped = "probe-not-scraped"
	// MutationSamplingZero configures the server's sampler as
	// traceidratio with ratio 0: no call is traced.
	MutationSamplingZero = "sampling-zero"
	// MutationNullReceiver routes every alert to a receiver with no
	// integrations: alerts fire and reach Alertmanager, nobody is told.
	MutationNullReceiver = "alertmanager-null-receiver"
)

// knownMutations lists every mutation of the stack.
var knownMutations = []string{
	MutationMissingAlertRule, MutationMetricsOnMCPPort, MutationCheckpointsDeleted,
	MutationProbeNotScraped, MutationSamplingZero, MutationNullReceiver,
}

// KnownMutations lists the names Options.Mutations takes.
func KnownMutations() []string { return slices.Clone(knownMutations) }

// missingRule is the alert MutationMissingAlertRule removes.
const missingRule = "MCPToolHighLatency"

// checkMutations reports unknown names and mutations that need the
// reference server.
func checkMutations(o Options) []error {
	var errs []error
	for _, m := range o.Mutations {
		switch {
		case !slices.Contains(knownMutations, m):
			errs = append(errs, fmt.Errorf("mutation %q is unknown: use one of %s (test-only switches)", m, strings.Join(knownMutations, ", ")))
		case m == MutationMetricsOnMCPPort && len(o.ServerCmd) > 0:
			errs = append(errs, fmt.Errorf("mutation %s needs the reference server (it serves /metrics on its MCP port); it cannot go with a server command", m))
		case m == MutationMissingAlertRule && o.Rules == nil:
			errs = append(errs, fmt.Errorf("mutation %s removes %s from the server's alert rules, and the stack has none (set Options.Rules)", m, missingRule))
		}
	}
	return errs
}

// Mutated reports whether the stack runs with mutation name.
func (p *plan) Mutated(name string) bool { return slices.Contains(p.Mutations, name) }

// mutateRules applies MutationMissingAlertRule to a rules file.
func (p *plan) mutateRules(rules []byte) ([]byte, error) {
	if !p.Mutated(MutationMissingAlertRule) {
		return rules, nil
	}
	return withoutAlert(rules, missingRule)
}

// withoutAlert removes the alerting rule called name from a Prometheus
// rules file; a file without it is an error (the mutation would break
// nothing).
func withoutAlert(rules []byte, name string) ([]byte, error) {
	var doc struct {
		Groups []map[string]any `yaml:"groups"`
	}
	if err := yaml.Unmarshal(rules, &doc); err != nil {
		return nil, fmt.Errorf("mutation %s: rules: %w", MutationMissingAlertRule, err)
	}
	removed := false
	for _, g := range doc.Groups {
		rs, _ := g["rules"].([]any)
		kept := rs[:0]
		for _, r := range rs {
			if m, ok := r.(map[string]any); ok && m["alert"] == name {
				removed = true
				continue
			}
			kept = append(kept, r)
		}
		g["rules"] = kept
	}
	if !removed {
		return nil, fmt.Errorf("mutation %s: the rules have no alert %s", MutationMissingAlertRule, name)
	}
	var b bytes.Buffer
	b.WriteString("# Rendered by mcpchaos stack up with the test-only mutation " + MutationMissingAlertRule + ".\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
