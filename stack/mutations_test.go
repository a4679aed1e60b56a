package stack

import (
	"strings"
	"testing"
)

// renderAll renders every component's files of p, by name.
func renderAll(t *testing.T, p *plan) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, c := range components() {
		if c.Files == nil {
			continue
		}
		fs, err := c.Files(p)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for _, f := range fs {
			out[f.Name] = string(f.Data)
		}
	}
	out["server env"] = strings.Join(p.serverEnv(), "\n")
	return out
}

// TestMutationsRender: each stack mutation changes exactly its own piece
// of the rendered configuration, and only when it is on.
func TestMutationsRender(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		mutation string
		file     string
		broken   []string // present with the mutation only
		healthy  []string // present without it only
	}{
		{MutationMetricsOnMCPPort, "prometheus.yml", []string{"scheme: https", "targets: ['127.0.0.1:" + itoa(goldenPlan(ProfileFast).Port("mcp-server.mcp")) + "']"},
			[]string{"targets: ['127.0.0.1:" + itoa(goldenPlan(ProfileFast).Port("toxiproxy.mcp-server-metrics")) + "']"}},
		{MutationMetricsOnMCPPort, "server env", []string{"MCP_TEST_DEFECT=metrics-on-mcp-port"}, nil},
		{MutationProbeNotScraped, "prometheus.yml", nil, []string{"job_name: mcp-probe\n"}},
		{MutationNullReceiver, "alertmanager.yml", []string{`receiver: "null"`, `- name: "null"`}, []string{"receiver: mcpchaos-webhook"}},
		{MutationCheckpointsDeleted, "otelcol.yaml", []string{"offsets kept in memory only"}, []string{"    storage: file_storage\n    poll_interval"}},
		{MutationSamplingZero, "server env", []string{"OTEL_TRACES_SAMPLER=traceidratio\nOTEL_TRACES_SAMPLER_ARG=0"}, nil},
	} {
		t.Run(tt.mutation+"/"+tt.file, func(t *testing.T) {
			t.Parallel()
			healthy := renderAll(t, goldenPlan(ProfileFast))
			p := goldenPlan(ProfileFast)
			p.Mutations = []string{tt.mutation}
			broken := renderAll(t, p)
			for _, s := range tt.broken {
				if !strings.Contains(broken[tt.file], s) || strings.Contains(healthy[tt.file], s) {
					t.Errorf("%q should be in %s with the mutation only:\n%s", s, tt.file, broken[tt.file])
				}
			}
			for _, s := range tt.healthy {
				if strings.Contains(broken[tt.file], s) || !strings.Contains(healthy[tt.file], s) {
					t.Errorf("%q should be in %s without the mutation only:\n%s", s, tt.file, broken[tt.file])
				}
			}
			for name, data := range broken {
				if name != tt.file && tt.file != "server env" && name != "server env" && data != healthy[name] {
					t.Errorf("mutation %s also changed %s", tt.mutation, name)
				}
			}
		})
	}
}

func TestMissingAlertRule(t *testing.T) {
	t.Parallel()
	rules := []byte(`groups:
  - name: mcp
    rules:
      - alert: MCPToolHighErrorRate
        expr: vector(1)
      - alert: MCPToolHighLatency
        expr: vector(1)
        for: 5s
`)
	p := goldenPlan(ProfileFast)
	if got, err := p.mutateRules(rules); err != nil || string(got) != string(rules) {
		t.Fatalf("without the mutation the rules change: %v\n%s", err, got)
	}
	p.Mutations = []string{MutationMissingAlertRule}
	got, err := p.mutateRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), "MCPToolHighLatency") || !strings.Contains(string(got), "MCPToolHighErrorRate") {
		t.Errorf("the mutation should drop MCPToolHighLatency only:\n%s", got)
	}
	if _, err := p.mutateRules([]byte("groups: []\n")); err == nil || !strings.Contains(err.Error(), "no alert MCPToolHighLatency") {
		t.Errorf("rules without the alert: %v, want an error naming it", err)
	}
}

func TestCheckMutations(t *testing.T) {
	t.Parallel()
	rules := func(string) ([]byte, error) { return nil, nil }
	for _, tt := range []struct {
		name string
		o    Options
		want string
	}{
		{"unknown", Options{Mutations: []string{"no-such"}}, `mutation "no-such" is unknown: use one of missing-alert-rule`},
		{"metrics port with a server command", Options{Mutations: []string{MutationMetricsOnMCPPort}, ServerCmd: []string{"srv"}}, "needs the reference server"},
		{"missing rule without rules", Options{Mutations: []string{MutationMissingAlertRule}}, "the stack has none"},
		{"every mutation", Options{Mutations: KnownMutations(), Rules: rules}, ""},
	} {
		errs := checkMutations(tt.o)
		switch {
		case tt.want == "" && len(errs) > 0:
			t.Errorf("%s: %v", tt.name, errs)
		case tt.want != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want)):
			t.Errorf("%s: %v, want one error with %q", tt.name, errs, tt.want)
		}
	}
}
