package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// prometheusConfig scrapes every part of the pipeline and sends alerts to
// the stack's Alertmanager. It scrapes the MCP server through toxiproxy. The probe job uses the blackbox-exporter
// multi-target pattern: the target is the server's MCP URL, the address
// the probe's.
const prometheusConfig = `# Rendered by mcpchaos stack up; edits are overwritten.
global:
  scrape_interval: {{if .Fast}}1s{{else}}15s{{end}}
  scrape_timeout: {{if .Fast}}1s{{else}}10s{{end}}
  evaluation_interval: {{if .Fast}}1s{{else}}15s{{end}}
  external_labels:
    stack: mcpchaos

alerting:
  alertmanagers:
    - static_configs:
        - targets: ['{{.Addr "alertmanager.web"}}']

rule_files:
  - {{.Config "rules"}}/*.yml

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['{{.Addr "prometheus.web"}}']
  # Through toxiproxy (proxy mcp-server-metrics): a fault on it breaks the
  # metrics path alone, while the server runs and logs.
  - job_name: mcp-server
{{- if .Mutated "metrics-on-mcp-port"}}
    # test-only mutation metrics-on-mcp-port: scraped from the MCP port
{{- if .TLS}}
    scheme: https
    tls_config:
      ca_file: {{.CAFile}}
{{- end}}
    static_configs:
      - targets: ['{{.Addr "mcp-server.mcp"}}']
{{- else}}
    static_configs:
      - targets: ['{{.Addr "toxiproxy.mcp-server-metrics"}}']
{{- end}}
{{- if not (.Mutated "probe-not-scraped")}}
  - job_name: mcp-probe
    scrape_interval: {{if .Fast}}2s{{else}}15s{{end}}
    scrape_timeout: {{if .Fast}}2s{{else}}10s{{end}}
    metrics_path: /probe
    params:
      module: [mcp]
    static_configs:
      - targets: ['{{.MCPURL}}']
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: {{.Addr "probe.http"}}
{{- end}}
  - job_name: otelcol
    static_configs:
      - targets: ['{{.Addr "otelcol.metrics"}}']
  - job_name: mcpchaos-supervisor
    static_configs:
      - targets: ['{{.Addr "supervisor.http"}}']
  - job_name: alertmanager
    static_configs:
      - targets: ['{{.Addr "alertmanager.web"}}']
  - job_name: victoria-logs
    static_configs:
      - targets: ['{{.Addr "victoria-logs.http"}}']
  - job_name: jaeger
    static_configs:
      - targets: ['{{.Addr "jaeger.metrics"}}']
  - job_name: toxiproxy
    static_configs:
      - targets: ['{{.Addr "toxiproxy.api"}}']
  - job_name: vmalert
    static_configs:
      - targets: ['{{.Addr "vmalert.http"}}']
  - job_name: mcp-probe-exporter
    static_configs:
      - targets: ['{{.Addr "probe.http"}}']
`

// prometheus is the metrics backend and rule evaluator.
func prometheus() component {
	return component{
		Name:    "prometheus",
		Install: "prometheus",
		Files: func(p *plan) ([]file, error) {
			cfg, err := render("prometheus.yml", prometheusConfig, p)
			if err != nil {
				return nil, err
			}
			rules, err := render("stack.rules.yml", stackRules, p)
			if err != nil {
				return nil, err
			}
			return []file{{Name: "prometheus.yml", Data: cfg}, {Name: "rules/stack.rules.yml", Data: rules}}, nil
		},
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "prometheus", p.Bins["prometheus"],
				"--config.file="+p.Config("prometheus.yml"),
				"--storage.tsdb.path="+p.Data("prometheus"),
				"--web.listen-address="+p.Addr("prometheus.web"),
				"--web.enable-lifecycle",
				// mcpchaos run --out experimental-prometheus-rw, and vmalert
				// writing its alerts' states as ALERTS series.
				"--web.enable-remote-write-receiver",
				"--web.enable-otlp-receiver", // mcpchaos run --out opentelemetry
				// Prometheus resends a firing alert only after this delay
				// (default 1m); an alert whose first send raced Alertmanager's
				// start would otherwise be missing for a minute.
				"--rules.alert.resend-delay="+p.ResendDelay(),
			)
			s.Ready = supervisor.Probe{HTTP: p.HTTP("prometheus.web") + "/-/ready"}
			return s
		},
	}
}
