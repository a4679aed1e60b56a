package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// otelcolConfig is the log shipper (the Promtail role): it tails each
// JSON log file with file_storage checkpoints, so a restart resumes
// without loss, parses the line (msg becomes the body, level the
// severity, every other key a field), adds the service field and ships to
// VictoriaLogs over OTLP/HTTP through a persistent queue. Its OTLP
// receiver relays traces to Jaeger.
const otelcolConfig = `# Rendered by mcpchaos stack up; edits are overwritten.
extensions:
  file_storage:
    directory: {{.Data "otelcol"}}
    create_directory: true
    timeout: 2s

receivers:
{{- range .LogSources}}
  filelog/{{.Service}}:
    include: [{{.File}}]
    start_at: beginning
{{- if $.Mutated "checkpoints-deleted"}}
    # test-only mutation checkpoints-deleted: offsets kept in memory only
{{- else}}
    storage: file_storage
{{- end}}
    poll_interval: {{if $.Fast}}100ms{{else}}200ms{{end}}
    resource:
      service.name: {{.Service}}
    operators:
      - type: json_parser
        parse_to: attributes
        on_error: send_quiet
        timestamp:
          parse_from: attributes.time
          layout_type: gotime
          layout: '2006-01-02T15:04:05.999999999Z07:00'
        severity:
          parse_from: attributes.level
      - type: move
        if: 'attributes.msg != nil'
        from: attributes.msg
        to: body
      - type: add
        field: attributes.service
        value: {{.Service}}
{{- end}}
  otlp:
    protocols:
      http:
        endpoint: {{.Addr "otelcol.otlp-http"}}

processors:
  batch:
    timeout: {{if .Fast}}200ms{{else}}1s{{end}}

exporters:
  otlphttp/victorialogs:
    logs_endpoint: {{.HTTP "victoria-logs.http"}}/insert/opentelemetry/v1/logs
    sending_queue:
      enabled: true
      storage: file_storage
  otlphttp/jaeger:
    traces_endpoint: {{.HTTP "jaeger.otlp-http"}}/v1/traces

service:
  extensions: [file_storage]
  pipelines:
    logs:
      receivers: [{{range .LogSources}}filelog/{{.Service}}, {{end}}otlp]
      processors: [batch]
      exporters: [otlphttp/victorialogs]
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otlphttp/jaeger]
  telemetry:
    logs:
      level: info
{{.TelemetryMetrics "otelcol.metrics" "normal"}}
`

// logSource is one JSON log file the shipper tails.
type logSource struct {
	Service string
	File    string
}

// LogSources are the JSON log files of the server and the downstream.
func (p *plan) LogSources() []logSource {
	return []logSource{
		{Service: serverService, File: p.Log("mcp-server.json")},
		{Service: downstreamService, File: p.Log("downstream.json")},
	}
}

// otelcol is the log shipper; a stop fault holds it stopped, and it is
// restarted by policy otherwise.
func otelcol() component {
	return component{
		Name:    "otelcol",
		Install: "otelcol",
		Files:   renderOne("otelcol.yaml", otelcolConfig),
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "otelcol", p.Bins["otelcol"], "--config=file:"+p.Config("otelcol.yaml"))
			s.Ready = supervisor.Probe{HTTP: p.HTTP("otelcol.metrics") + "/metrics"}
			s.Cgroup = true
			return s
		},
	}
}
