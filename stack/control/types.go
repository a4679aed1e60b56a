package control

import (
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Ops an Action may name.
const (
	// OpStop stops a component and holds it stopped: no restart policy
	// applies until OpStart.
	OpStop = "stop"
	// OpStart starts a held or exited component (a no-op when running).
	OpStart = "start"
	// OpRestart stops the component gracefully and starts it again.
	OpRestart = "restart"
	// OpSignal sends Signal (default KILL) to the component's process
	// group; the restart policy then applies, as after a crash.
	OpSignal = "signal"
	// OpSetMemoryLimit sets the component's cgroup memory limit to Bytes,
	// or to current usage plus HeadroomBytes when Bytes is 0, so that its
	// next allocations meet the limit (a real kernel OOM kill).
	OpSetMemoryLimit = "set_memory_limit"
	// OpClearMemoryLimit removes the limit.
	OpClearMemoryLimit = "clear_memory_limit"
	// OpSwapCert writes CertPEM/KeyPEM (or copies CertFile/KeyFile) over
	// the component's TLS files atomically; the originals are kept for
	// OpRestoreCert.
	OpSwapCert = "swap_cert"
	// OpRestoreCert puts the original certificate and key back.
	OpRestoreCert = "restore_cert"
	// OpHold changes nothing: a lease that only keeps a Revert, for faults
	// the runner applies itself (a toxic, a container change) and the
	// supervisor must undo if the runner dies. It names no component.
	OpHold = "hold"
	// OpHTTP sends one HTTP request (Request) to a loopback address or a
	// unix socket and expects a 2xx or one of OKStatus: the revert of a
	// fault made through another API (toxiproxy, Docker, a downstream's
	// behaviour settings). It names no component.
	OpHTTP = "http"
)

// Request is the HTTP request of OpHTTP.
type Request struct {
	Method string `json:"method"`
	// URL is http://127.0.0.1:... (loopback only), or http://docker/...
	// with Socket set.
	URL string `json:"url"`
	// Socket is a unix socket to send the request over (Docker's).
	Socket string `json:"socket,omitempty"`
	Body   string `json:"body,omitempty"`
	// OKStatus are non-2xx statuses that also mean done (404: the toxic
	// is already gone; 304: the container is already started).
	OKStatus []int `json:"ok_status,omitempty"`
}

// Action is one change to one component.
type Action struct {
	Op        string `json:"op"`
	Component string `json:"component"`
	// Signal for OpSignal: KILL (default), TERM, INT, HUP, QUIT, USR1, USR2,
	// STOP, CONT.
	Signal string `json:"signal,omitempty"`
	// Bytes and HeadroomBytes for OpSetMemoryLimit.
	Bytes         int64 `json:"bytes,omitempty"`
	HeadroomBytes int64 `json:"headroom_bytes,omitempty"`
	// New certificate for OpSwapCert: PEM text, or files to copy.
	CertPEM  string `json:"cert_pem,omitempty"`
	KeyPEM   string `json:"key_pem,omitempty"`
	CertFile string `json:"cert_file,omitempty"`
	KeyFile  string `json:"key_file,omitempty"`
	// Request for OpHTTP.
	Request *Request `json:"request,omitempty"`
}

func (a Action) String() string {
	if a.Op == OpHTTP && a.Request != nil {
		return a.Op + " " + a.Request.Method + " " + a.Request.URL
	}
	return a.Op + " " + a.Component
}

// RenewRequest extends an active lease to TTL from now.
type RenewRequest struct {
	TTL Duration `json:"ttl"`
}

// DefaultRevert is the action that undoes a, or false when nothing does
// (a signal cannot be taken back; a restart policy repairs it).
func DefaultRevert(a Action) (Action, bool) {
	r := Action{Component: a.Component}
	switch a.Op {
	case OpStop:
		r.Op = OpStart
	case OpStart:
		r.Op = OpStop
	case OpSetMemoryLimit:
		r.Op = OpClearMemoryLimit
	case OpSwapCert:
		r.Op = OpRestoreCert
	default:
		return Action{}, false
	}
	return r, true
}

// Duration is a time.Duration that JSON encodes as "30s" and decodes
// from such a string or a number of milliseconds (a JS fault's ttl: 30000
// is 30s), by internal/duration's rules.
type Duration = duration.Duration

// LeaseRequest applies Action now and reverts it after TTL.
type LeaseRequest struct {
	// ID is optional; the supervisor makes one when empty. An ID that is
	// already active is refused.
	ID     string   `json:"id,omitempty"`
	Action Action   `json:"action"`
	Revert *Action  `json:"revert,omitempty"` // default: DefaultRevert(Action)
	TTL    Duration `json:"ttl"`
}

// Lease states.
const (
	LeaseActive   = "active"
	LeaseExpired  = "expired"  // reverted at TTL
	LeaseReleased = "released" // reverted early by DELETE
	LeaseShutdown = "shutdown" // reverted when the supervisor stopped
)

// Lease is an applied action the supervisor will revert.
type Lease struct {
	ID         string    `json:"id"`
	Action     Action    `json:"action"`
	Revert     *Action   `json:"revert,omitempty"`
	TTL        Duration  `json:"ttl"`
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	State      string    `json:"state"`
	RevertedAt time.Time `json:"reverted_at,omitzero"`
	// RevertError is why the revert failed, if it did.
	RevertError string `json:"revert_error,omitempty"`
}

// Component states.
const (
	StateStarting = "starting" // process started, not ready yet
	StateRunning  = "running"  // ready
	StateBackoff  = "backoff"  // exited; restarting after a delay
	StateStopped  = "stopped"  // held stopped by OpStop
	StateExited   = "exited"   // exited and the policy does not restart it
)

// Component is one supervised component's status.
type Component struct {
	Name     string         `json:"name"`
	State    string         `json:"state"`
	PID      int            `json:"pid,omitempty"`
	Ready    bool           `json:"ready"`
	Restarts int            `json:"restarts"`
	OOMKills int            `json:"oom_kills"`
	Ports    map[string]int `json:"ports,omitempty"`
	// ReadyURL is what readiness is checked against.
	ReadyURL string `json:"ready_url,omitempty"`
	// Restart is the policy: always, on-failure or never.
	Restart   string    `json:"restart"`
	StartedAt time.Time `json:"started_at,omitzero"`
	LastExit  *Exit     `json:"last_exit,omitempty"`
	LogFile   string    `json:"log_file,omitempty"`
	// Cgroup is the component's cgroup directory, if it has one.
	Cgroup           string `json:"cgroup,omitempty"`
	MemoryLimitBytes int64  `json:"memory_limit_bytes,omitempty"`
	MemoryUsageBytes int64  `json:"memory_usage_bytes,omitempty"`
	// Error is the last start or readiness failure.
	Error string `json:"error,omitempty"`
}

// Exit reasons.
const (
	ReasonExited  = "exited"   // exited with a code
	ReasonSignal  = "signal"   // killed by a signal
	ReasonOOMKill = "oom_kill" // killed by the kernel's OOM killer in its cgroup
	ReasonStopped = "stopped"  // stopped through the API or at shutdown
)

// Exit is how a component's process ended.
type Exit struct {
	Reason string    `json:"reason"`
	Code   int       `json:"code"`             // exit code; 128+signal when signalled
	Signal string    `json:"signal,omitempty"` // e.g. "killed"
	At     time.Time `json:"at"`
	// Ran is how long the process had been running.
	Ran Duration `json:"ran"`
}

// Status is the whole stack as the supervisor sees it.
type Status struct {
	PID        int         `json:"pid"`
	StartedAt  time.Time   `json:"started_at"`
	Cgroups    string      `json:"cgroups"` // "cgroup v1 at DIR", or why there are none
	Components []Component `json:"components"`
}
