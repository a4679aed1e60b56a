package stream

import (
	"fmt"
	"log/slog"
	"sync"
)

// Pushes records an output's pushes to its endpoint. A failure is logged
// as a warning when it happens (the first, and then whenever the error
// changes, so a dead endpoint does not flood the log) and Err reports all
// of them when the output stops: a run whose metrics did not all arrive
// says so.
type Pushes struct {
	// What names the output and endpoint in messages, e.g.
	// "experimental-prometheus-rw output to http://127.0.0.1:9090/api/v1/write".
	What string
	// Hint says what to check, e.g. "check K6_PROMETHEUS_RW_SERVER_URL".
	Hint   string
	Logger *slog.Logger

	mu      sync.Mutex
	total   int
	failed  int
	last    error
	lastMsg string
}

// Record counts one push and its outcome.
func (p *Pushes) Record(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total++
	if err == nil {
		return
	}
	p.failed++
	p.last = err
	if msg := err.Error(); msg != p.lastMsg {
		p.lastMsg = msg
		if p.Logger != nil {
			p.Logger.Warn(fmt.Sprintf("%s: push failed: %v (%s); the output keeps trying", p.What, err, p.Hint))
		}
	}
}

// Err is nil when every push succeeded, else how many failed and the last
// error.
func (p *Pushes) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failed == 0 {
		return nil
	}
	return fmt.Errorf("%s: %d of %d pushes failed, so some or all of the run's metrics are missing there; last error: %w (%s)", p.What, p.failed, p.total, p.last, p.Hint)
}
