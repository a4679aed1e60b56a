package stack

import "github.com/mcpchaos/mcpchaos/stack/supervisor"

// victoriaLogs is the logs backend: it takes the collector's OTLP logs at
// /insert/opentelemetry/v1/logs (and the Loki push API) and answers LogsQL
// at /select/logsql/query. It needs no config file.
func victoriaLogs() component {
	return component{
		Name:    "victoria-logs",
		Install: "victoria-logs",
		Spec: func(p *plan) supervisor.Spec {
			s := baseSpec(p, "victoria-logs", p.Bins["victoria-logs"],
				"-storageDataPath="+p.Data("victoria-logs"),
				"-httpListenAddr="+p.Addr("victoria-logs.http"),
				"-retentionPeriod=7d",
			)
			s.Ready = supervisor.Probe{HTTP: p.HTTP("victoria-logs.http") + "/health"}
			return s
		},
	}
}
