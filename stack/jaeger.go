package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// jaegerConfig is Jaeger v2's all-in-one setup (OTLP in, memory storage,
// query API and UI) with every port on loopback and chosen by the stack.
const jaegerConfig = `# Rendered by mcpchaos stack up; edits are overwritten.
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    logs:
      level: info
{{.TelemetryMetrics "jaeger.metrics" "basic"}}

extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    # On by default: Jaeger would trace itself to localhost:4317, retrying
    # for seconds at shutdown.
    enable_tracing: false
    http:
      endpoint: {{.Addr "jaeger.query"}}
    grpc:
      endpoint: {{.Addr "jaeger.query-grpc"}}

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: {{.Addr "jaeger.otlp-grpc"}}
      http:
        endpoint: {{.Addr "jaeger.otlp-http"}}

processors:
  batch:
    timeout: {{if .Fast}}200ms{{else}}1s{{end}}

exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`

// jaeger is the traces backend.
func jaeger() component {
	return component{
		Name:    "jaeger",
		Install: "jaeger",
		Files:   renderOne("jaeger.yaml", jaegerConfig),
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "jaeger", p.Bins["jaeger"], "--config=file:"+p.Config("jaeger.yaml"))
			s.Ready = supervisor.Probe{HTTP: p.HTTP("jaeger.query") + "/api/services"}
			return s
		},
	}
}
