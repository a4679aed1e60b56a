package stack

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names in the stack directory.
const (
	stateFile  = "state.json"
	tokenFile  = "token"
	configFile = "mcpchaos.yaml"
)

// URLs are where the stack's parts answer.
type URLs struct {
	// MCP is the server's MCP endpoint (https unless PlainHTTP).
	MCP string `json:"mcp"`
	// ServerMetrics is the server's /metrics.
	ServerMetrics string `json:"server_metrics"`
	Prometheus    string `json:"prometheus"`
	Alertmanager  string `json:"alertmanager"`
	// VictoriaLogs serves LogsQL at /select/logsql/query and a UI at
	// /select/vmui.
	VictoriaLogs string `json:"victoria_logs"`
	// Jaeger is the query API (/api/v3/traces/{id}) and UI.
	Jaeger string `json:"jaeger"`
	// JaegerOTLP is Jaeger's OTLP/HTTP receiver.
	JaegerOTLP string `json:"jaeger_otlp"`
	// Collector is the log shipper's OTLP/HTTP receiver; its metrics are at
	// CollectorMetrics.
	Collector        string `json:"collector"`
	CollectorMetrics string `json:"collector_metrics"`
	// Toxiproxy is the toxiproxy API; the server reaches the downstream
	// through the proxy named ToxiproxyDownstream.
	Toxiproxy string `json:"toxiproxy"`
	// Downstream is the downstream itself (bypassing toxiproxy).
	Downstream string `json:"downstream"`
	// Probe is the synthetic probe's /probe endpoint.
	Probe string `json:"probe"`
	// Supervisor is the control API; Webhook is its Alertmanager sink
	// (deliveries are listed at Webhook + "/alerts").
	Supervisor string `json:"supervisor"`
	Webhook    string `json:"webhook"`
}

// State is what `stack up` leaves in state.json for the other commands.
type State struct {
	Instance      string         `json:"instance"`
	Profile       string         `json:"profile"`
	Dir           string         `json:"dir"`
	SupervisorPID int            `json:"supervisor_pid"`
	TokenFile     string         `json:"token_file"`
	ConfigFile    string         `json:"config_file"`
	CAFile        string         `json:"ca_file,omitempty"`
	Ports         map[string]int `json:"ports"`
	URLs          URLs           `json:"urls"`
	// Cgroup is the supervisor's cgroup tree (a cgroup.Tree Ref), if any.
	Cgroup    string    `json:"cgroup,omitempty"`
	StartedAt time.Time `json:"started_at"`
}

func (p *plan) urls() URLs {
	return URLs{
		MCP:              p.MCPURL(),
		ServerMetrics:    p.HTTP("mcp-server.metrics") + "/metrics",
		Prometheus:       p.HTTP("prometheus.web"),
		Alertmanager:     p.HTTP("alertmanager.web"),
		VictoriaLogs:     p.HTTP("victoria-logs.http"),
		Jaeger:           p.HTTP("jaeger.query"),
		JaegerOTLP:       p.HTTP("jaeger.otlp-http"),
		Collector:        p.HTTP("otelcol.otlp-http"),
		CollectorMetrics: p.HTTP("otelcol.metrics") + "/metrics",
		Toxiproxy:        p.HTTP("toxiproxy.api"),
		Downstream:       p.HTTP("downstream.http"),
		Probe:            p.HTTP("probe.http") + "/probe",
		Supervisor:       p.HTTP("supervisor.http"),
		Webhook:          p.HTTP("supervisor.http") + "/webhook",
	}
}

func writeState(dir string, st State) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, stateFile), append(b, '\n'), 0o644)
}

func readState(dir string) (State, error) {
	var st State
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, fmt.Errorf("%s: %w", dir, ErrNotUp)
	}
	if err != nil {
		return st, fmt.Errorf("read stack state: %w", err)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("stack state %s: %w (remove it if no stack runs)", filepath.Join(dir, stateFile), err)
	}
	return st, nil
}

func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
