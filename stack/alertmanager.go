package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// alertmanagerConfig routes every alert to the supervisor's webhook sink,
// where assertions read deliveries back.
const alertmanagerConfig = `# Rendered by mcpchaos stack up; edits are overwritten.
route:
  receiver: {{if .Mutated "alertmanager-null-receiver"}}"null" # test-only mutation{{else}}mcpchaos-webhook{{end}}
  group_by: [alertname]
  group_wait: {{if .Fast}}1s{{else}}30s{{end}}
  group_interval: {{if .Fast}}1s{{else}}5m{{end}}
  repeat_interval: {{if .Fast}}1m{{else}}4h{{end}}

receivers:
  - name: mcpchaos-webhook
    webhook_configs:
      - url: {{.HTTP "supervisor.http"}}/webhook
        send_resolved: true
{{- if .Mutated "alertmanager-null-receiver"}}
  - name: "null"
{{- end}}
`

// alertmanager routes Prometheus's alerts.
func alertmanager() component {
	return component{
		Name:    "alertmanager",
		Install: "alertmanager",
		Files:   renderOne("alertmanager.yml", alertmanagerConfig),
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "alertmanager", p.Bins["alertmanager"],
				"--config.file="+p.Config("alertmanager.yml"),
				"--storage.path="+p.Data("alertmanager"),
				"--web.listen-address="+p.Addr("alertmanager.web"),
				"--cluster.listen-address=", // no HA gossip: one instance, no extra port
			)
			s.Ready = supervisor.Probe{HTTP: p.HTTP("alertmanager.web") + "/-/ready"}
			return s
		},
	}
}
