package probe

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http/httptrace"
	"sync"
	"time"
)

// tracker times the phases of one probe and knows which phase is in
// progress, so a failure is charged to the right one. Network phases come
// from httptrace hooks, which may run on other goroutines.
type tracker struct {
	mu        sync.Mutex
	now       func() time.Time
	start     time.Time
	step      Phase         // the MCP step in progress
	net       Phase         // the network phase in progress, "" when none
	netStart  time.Time     // start of the network phase in progress
	netTotal  time.Duration // all network setup time so far
	durations map[Phase]time.Duration
	events    []Event
	redact    redactor
}

func newTracker(now func() time.Time, r redactor) *tracker {
	return &tracker{now: now, start: now(), durations: make(map[Phase]time.Duration, 6), redact: r}
}

// current is the phase a failure right now belongs to.
func (t *tracker) current() Phase {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.net != "" {
		return t.net
	}
	return t.step
}

// logf records a debug event. Text is scrubbed of secrets.
func (t *tracker) logf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	phase := t.step
	if t.net != "" {
		phase = t.net
	}
	msg := t.redact.redact(fmt.Sprintf(format, args...))
	t.events = append(t.events, Event{At: t.now().Sub(t.start), Phase: phase, Message: msg})
}

// runStep runs fn as phase p and charges its time, less any connection
// setup that happened inside it, to p.
func (t *tracker) runStep(p Phase, fn func() error) error {
	t.mu.Lock()
	t.step = p
	begin, netBefore := t.now(), t.netTotal
	t.mu.Unlock()
	t.logf("begin %s", p)
	err := fn()
	t.mu.Lock()
	t.durations[p] += t.now().Sub(begin) - (t.netTotal - netBefore)
	t.mu.Unlock()
	if err == nil {
		t.logf("done %s", p)
	}
	return err
}

func (t *tracker) netBegin(p Phase) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.net == p {
		return // a second address of the same phase (happy eyeballs)
	}
	t.net, t.netStart = p, t.now()
}

func (t *tracker) netEnd(p Phase, err error) {
	t.mu.Lock()
	if t.net != p {
		t.mu.Unlock()
		return
	}
	end := t.now()
	d := end.Sub(t.netStart)
	t.durations[p] += d
	t.netTotal += d
	if err == nil {
		t.net = ""
	} else {
		// Stay in p so the failure is charged to it; a retry on another
		// address counts from here.
		t.netStart = end
	}
	t.mu.Unlock()
	if err != nil {
		t.logf("%s failed after %s: %v", p, d.Round(time.Microsecond), err)
	} else {
		t.logf("%s done in %s", p, d.Round(time.Microsecond))
	}
}

// withTrace attaches the httptrace hooks to ctx.
func (t *tracker) withTrace(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { t.netBegin(PhaseDNS) },
		DNSDone: func(info httptrace.DNSDoneInfo) {
			t.netEnd(PhaseDNS, info.Err)
		},
		ConnectStart: func(string, string) { t.netBegin(PhaseConnect) },
		ConnectDone: func(_, addr string, err error) {
			t.netEnd(PhaseConnect, err)
		},
		TLSHandshakeStart: func() { t.netBegin(PhaseTLS) },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			t.netEnd(PhaseTLS, err)
		},
	})
}

// snapshot returns the phase durations and the event log.
func (t *tracker) snapshot() (map[Phase]time.Duration, []Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := make(map[Phase]time.Duration, len(t.durations))
	for k, v := range t.durations {
		d[k] = v
	}
	return d, append([]Event(nil), t.events...)
}

// logSend records an outgoing message; notifications have no id.
func (t *tracker) logSend(method string, id int64, traceparent string) {
	if id == 0 {
		t.logf("-> %s (notification, traceparent %s)", method, traceparent)
		return
	}
	t.logf("-> %s (id %d, traceparent %s)", method, id, traceparent)
}
