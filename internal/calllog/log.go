package calllog

import (
	"sync"
	"sync/atomic"
	"time"
)

// DefaultMax bounds a Log: about 200 MB of calls.
const DefaultMax = 1_000_000

// Call is one MCP operation the harness made.
type Call struct {
	TraceID   string `json:"traceId"`
	SpanID    string `json:"spanId,omitempty"`
	SessionID string `json:"sessionId,omitempty"`
	// Method is the protocol method (tools/call); Target the tool, prompt
	// or resource.
	Method string `json:"method"`
	Target string `json:"target,omitempty"`
	// Sampled is the sampled flag of the traceparent sent.
	Sampled  bool          `json:"sampled"`
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"durationNs"`
	// Failed: the call got no result, or a result with isError.
	Failed   bool   `json:"failed"`
	Scenario string `json:"scenario,omitempty"`
}

// Log is a run's calls, safe for concurrent use. The zero value is not
// usable; call New.
type Log struct {
	off     atomic.Bool // NewOnDemand's log before Want
	mu      sync.Mutex
	calls   []Call
	max     int
	dropped int64
}

// New returns a Log that keeps up to max calls (DefaultMax when max <= 0).
func New(max int) *Log {
	if max <= 0 {
		max = DefaultMax
	}
	return &Log{max: max}
}

// NewOnDemand returns a Log that keeps nothing until Want is called, so a
// run whose script reads no calls (no k6/x/assertions) holds none: a
// long soak would otherwise keep up to max of them.
func NewOnDemand(max int) *Log {
	l := New(max)
	l.off.Store(true)
	return l
}

// Want makes the log keep calls from now on (a reader is there).
func (l *Log) Want() {
	if l != nil {
		l.off.Store(false)
	}
}

// Add records c; past the bound it is counted as dropped. A nil Log
// drops everything silently, for modules built without one, and a
// NewOnDemand log until Want.
func (l *Log) Add(c Call) {
	if l == nil || l.off.Load() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.calls) >= l.max {
		l.dropped++
		return
	}
	l.calls = append(l.calls, c)
}

// Filter selects calls; zero fields select everything.
type Filter struct {
	// Since and Until bound the calls' start times.
	Since, Until time.Time
	Method       string
	Target       string
	Scenario     string
	// Sampled, when set, keeps only calls with that flag.
	Sampled *bool
	// OK keeps only calls that got a result without isError.
	OK bool
}

func (f Filter) match(c *Call) bool {
	switch {
	case !f.Since.IsZero() && c.Start.Before(f.Since),
		!f.Until.IsZero() && c.Start.After(f.Until),
		f.Method != "" && c.Method != f.Method,
		f.Target != "" && c.Target != f.Target,
		f.Scenario != "" && c.Scenario != f.Scenario,
		f.Sampled != nil && c.Sampled != *f.Sampled,
		f.OK && c.Failed,
		c.TraceID == "":
		return false
	}
	return true
}

// Select returns a copy of the calls f matches (calls without a trace id
// never match), and how many calls were dropped over the bound (the
// selection may lack some of those).
func (l *Log) Select(f Filter) (calls []Call, dropped int64) {
	if l == nil {
		return nil, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.calls {
		if f.match(&l.calls[i]) {
			calls = append(calls, l.calls[i])
		}
	}
	return calls, l.dropped
}

// Len is how many calls are kept.
func (l *Log) Len() int {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.calls)
}
