package stack

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// logRulesFile is vmalert's rules file under configs/: never in rules/,
// which Prometheus loads (LogsQL is not PromQL).
const logRulesFile = "vmalert/log-rules.yml"

// noLogRules is the rules file when Options.LogRules is nil: vmalert
// then evaluates nothing (it refuses to start without a -rule file).
const noLogRules = `# Rendered by mcpchaos stack up: no log-based alert rules (Options.LogRules is nil).
groups: []
`

// vmalert evaluates the log-based alert rules (LogsQL, group type vlogs)
// against VictoriaLogs, sends their alerts to the stack's Alertmanager,
// like Prometheus's, and remote-writes their states to Prometheus as
// ALERTS series, so assertions, reports and the ALERTS history see them
// beside Prometheus's own. It evaluates at the profile's rule interval.
func vmalert() component {
	return component{
		Name:    "vmalert",
		Install: "vmalert",
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "vmalert", p.Bins["vmalert"],
				"-rule="+p.Config(logRulesFile),
				"-rule.defaultRuleType=vlogs",
				"-datasource.url="+p.HTTP("victoria-logs.http"),
				"-notifier.url="+p.HTTP("alertmanager.web"),
				"-remoteWrite.url="+p.HTTP("prometheus.web"),
				"-remoteWrite.flushInterval="+p.RuleInterval(),
				"-evaluationInterval="+p.RuleInterval(),
				// vmalert queries 30s in the past by default (for data that
				// arrives late); the shipper delivers within a second, and
				// the fast profile's 10s window must be now, not 30s ago.
				"-rule.evalDelay="+p.EvalDelay(),
				"-external.label=stack=mcpchaos",
				"-httpListenAddr="+p.Addr("vmalert.http"),
				"-loggerLevel=WARN",
			)
			s.Ready = supervisor.Probe{HTTP: p.HTTP("vmalert.http") + "/health"}
			return s
		},
	}
}

// RuleInterval is how often Prometheus and vmalert evaluate rules.
func (p *plan) RuleInterval() string {
	if p.Fast() {
		return "1s"
	}
	return "15s"
}

// EvalDelay is how far in the past vmalert evaluates: none in the fast
// profile, vmalert's default otherwise.
func (p *plan) EvalDelay() string {
	if p.Fast() {
		return "0s"
	}
	return "30s"
}

// writeLogRules writes vmalert's rules file: Options.LogRules of the
// profile (fixtures.LogAlertRules), or an empty rule set.
func writeLogRules(p *plan, opts Options) error {
	rules := []byte(noLogRules)
	if opts.LogRules != nil {
		b, err := opts.LogRules(p.Profile)
		if err != nil {
			return fmt.Errorf("stack up: log alert rules for profile %s: %w", p.Profile, err)
		}
		if len(b) > 0 {
			rules = b
		}
	}
	return writeFiles(p.Dir, []file{{Name: logRulesFile, Data: rules}})
}
