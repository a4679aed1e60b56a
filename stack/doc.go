// Package stack is the embedded observability stack: real backends run as
// supervised processes on loopback, so `mcpchaos run` and `mcpchaos demo`
// work on a fresh machine with one command and no Docker.
//
// Components: Prometheus (scraping the MCP server, the probe, the
// collector, the supervisor and itself; alert rules), Alertmanager (routing
// to the supervisor's webhook sink), VictoriaLogs (logs), Jaeger v2
// (traces, in memory), an OpenTelemetry Collector build (the log shipper:
// filelog with file_storage checkpoints to VictoriaLogs over OTLP),
// toxiproxy (between the server and its downstream, and between
// Prometheus and the server's metrics port), vmalert (log-based alert
// rules as LogsQL against VictoriaLogs, to the same Alertmanager; their
// states remote-written to Prometheus), the reference MCP server and
// downstream (or the user's own server, see CONTRACT.md) and
// the synthetic probe.
//
// Up installs missing binaries (package install), allocates free loopback
// ports, makes a test CA and server certificate, renders every config from
// the templates in the component files into the stack directory, starts
// the supervisor (package supervisor) that owns all processes, waits for
// each readiness endpoint and writes mcpchaos.yaml for `mcpchaos run`.
// Open finds a running stack from its directory's state file, for
// `stack status|logs|down` from another process. Down stops everything and
// checks that no process of the stack is left.
//
// Layout of the stack directory:
//
//	state.json      what Open reads: supervisor pid, URLs, ports
//	manifest.json   what the supervisor runs
//	token           the control API's bearer token (0600)
//	mcpchaos.yaml   config for `mcpchaos run`
//	configs/        rendered backend configs and alert rules
//	tls/            test CA and the server's certificate
//	data/           backend storage, wiped by every Up
//	logs/           each component's output and the JSON logs it writes
package stack
