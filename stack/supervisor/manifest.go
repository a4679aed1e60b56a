package supervisor

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// ManifestFile is the manifest's name inside the stack directory.
const ManifestFile = "manifest.json"

// Manifest is everything the supervisor runs and how it is reached.
type Manifest struct {
	// Listen is the loopback host:port of the control API, metrics and
	// webhook sink.
	Listen string `json:"listen"`
	// TokenFile holds the API's bearer token.
	TokenFile string `json:"token_file"`
	// Instance marks every process of this stack: children get
	// MarkerEnv=Instance in their environment, so leftovers can be found.
	Instance string `json:"instance"`
	// Cgroups: "auto" (use them when writable, else run without and say
	// why), "required" (fail when not writable) or "off".
	Cgroups string `json:"cgroups"`
	// Watchdog is the command line of the watchdog process (see
	// WatchdogMain), e.g. ["/path/mcpchaos", "stack", "supervise",
	// "--watchdog"]. Empty: no watchdog, so a supervisor killed with
	// SIGKILL takes its direct children with it (Pdeathsig) but not what
	// they started.
	Watchdog []string `json:"watchdog,omitempty"`
	// Components in start order.
	Components []Spec `json:"components"`
}

// MarkerEnv is the environment variable that marks a stack's processes.
const MarkerEnv = "MCPCHAOS_STACK_INSTANCE"

// Restart policies.
const (
	RestartAlways    = "always"
	RestartOnFailure = "on-failure"
	RestartNever     = "never"
)

// Spec is one component.
type Spec struct {
	Name string   `json:"name"`
	Path string   `json:"path"`
	Args []string `json:"args,omitempty"`
	// Env is added to the supervisor's own environment.
	Env []string `json:"env,omitempty"`
	Dir string   `json:"dir,omitempty"`
	// LogFile receives stdout and stderr (appended).
	LogFile string `json:"log_file"`
	// Restart is always (default), on-failure or never.
	Restart string `json:"restart,omitempty"`
	// Cgroup puts the component in its own memory cgroup (OOM faults).
	Cgroup bool `json:"cgroup,omitempty"`
	// Ready is how readiness is checked; empty: ready once started.
	Ready Probe `json:"ready,omitzero"`
	// Ports are informational, shown in status.
	Ports map[string]int `json:"ports,omitempty"`
	// TLS names the files swap_cert replaces.
	TLS *TLSFiles `json:"tls,omitempty"`
	// StopGrace is how long SIGTERM has before SIGKILL (default 5s).
	StopGrace control.Duration `json:"stop_grace,omitempty"`
}

// Probe checks readiness: an HTTP GET answered 2xx, or a TCP connect.
type Probe struct {
	HTTP string `json:"http,omitempty"`
	TCP  string `json:"tcp,omitempty"`
}

// TLSFiles are a component's certificate and key.
type TLSFiles struct {
	CertFile string `json:"cert_file"`
	KeyFile  string `json:"key_file"`
}

// LoadManifest reads and validates a manifest file.
func LoadManifest(path string) (Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Manifest{}, fmt.Errorf("read stack manifest: %w (run `mcpchaos stack up` to write it)", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return Manifest{}, fmt.Errorf("stack manifest %s: %w", path, err)
	}
	if err := m.Validate(); err != nil {
		return Manifest{}, fmt.Errorf("stack manifest %s: %w", path, err)
	}
	return m, nil
}

// Validate reports every problem at once.
func (m Manifest) Validate() error {
	var errs []error
	host, _, err := net.SplitHostPort(m.Listen)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		errs = append(errs, fmt.Errorf("listen %q: give a loopback address such as 127.0.0.1:PORT", m.Listen))
	}
	if m.TokenFile == "" {
		errs = append(errs, errors.New("token_file is empty"))
	}
	switch m.Cgroups {
	case "", "auto", "required", "off":
	default:
		errs = append(errs, fmt.Errorf("cgroups %q: use auto, required or off", m.Cgroups))
	}
	seen := map[string]bool{}
	for i, c := range m.Components {
		if c.Name == "" {
			errs = append(errs, fmt.Errorf("component %d has no name", i))
		}
		if seen[c.Name] {
			errs = append(errs, fmt.Errorf("component %q appears twice", c.Name))
		}
		seen[c.Name] = true
		if c.Path == "" {
			errs = append(errs, fmt.Errorf("component %q has no path", c.Name))
		}
		if c.LogFile == "" {
			errs = append(errs, fmt.Errorf("component %q has no log_file", c.Name))
		}
		switch c.Restart {
		case "", RestartAlways, RestartOnFailure, RestartNever:
		default:
			errs = append(errs, fmt.Errorf("component %q restart %q: use always, on-failure or never", c.Name, c.Restart))
		}
	}
	return errors.Join(errs...)
}

func (s Spec) restartPolicy() string {
	if s.Restart == "" {
		return RestartAlways
	}
	return s.Restart
}

func (s Spec) stopGrace() time.Duration {
	if s.StopGrace <= 0 {
		return 5 * time.Second
	}
	return time.Duration(s.StopGrace)
}

// restarts says whether the policy restarts after exit e.
func (s Spec) restarts(e control.Exit) bool {
	switch s.restartPolicy() {
	case RestartNever:
		return false
	case RestartOnFailure:
		return !(e.Reason == control.ReasonExited && e.Code == 0)
	}
	return true
}
