package k6http

import (
	"crypto/tls"
	"net/http/httptrace"
	"sync"
	"time"
)

// timings are k6's request phases in milliseconds.
type timings struct {
	Duration       float64 `js:"duration"`
	Blocked        float64 `js:"blocked"`
	Connecting     float64 `js:"connecting"`
	TLSHandshaking float64 `js:"tls_handshaking"`
	Sending        float64 `js:"sending"`
	Waiting        float64 `js:"waiting"`
	Receiving      float64 `js:"receiving"`
}

// tracer records httptrace events; the transport may call them from
// other goroutines.
type tracer struct {
	start time.Time

	mu                        sync.Mutex
	getConn, gotConn          time.Time
	connectStart, connectDone time.Time
	tlsStart, tlsDone         time.Time
	wroteRequest, firstByte   time.Time
}

func (t *tracer) at(dst *time.Time) {
	now := time.Now()
	t.mu.Lock()
	if dst.IsZero() {
		*dst = now
	}
	t.mu.Unlock()
}

func (t *tracer) trace(remote *string) *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { t.at(&t.getConn) },
		GotConn: func(info httptrace.GotConnInfo) {
			t.at(&t.gotConn)
			t.mu.Lock()
			*remote = info.Conn.RemoteAddr().String()
			t.mu.Unlock()
		},
		ConnectStart:         func(string, string) { t.at(&t.connectStart) },
		ConnectDone:          func(string, string, error) { t.at(&t.connectDone) },
		TLSHandshakeStart:    func() { t.at(&t.tlsStart) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { t.at(&t.tlsDone) },
		WroteRequest:         func(httptrace.WroteRequestInfo) { t.at(&t.wroteRequest) },
		GotFirstResponseByte: func() { t.at(&t.firstByte) },
	}
}

// timings derives k6's phases: blocked until the connection attempt (or
// the reused connection), connecting, TLS, sending until the request is
// written, waiting until the first byte, receiving until end; duration is
// sending + waiting + receiving. Missing events (errors) count as zero.
func (t *tracer) timings(end time.Time) timings {
	t.mu.Lock()
	defer t.mu.Unlock()
	ms := func(from, to time.Time) float64 {
		if from.IsZero() || to.IsZero() || to.Before(from) {
			return 0
		}
		return float64(to.Sub(from)) / float64(time.Millisecond)
	}
	getConn := t.getConn
	if getConn.IsZero() {
		getConn = t.start
	}
	blockedEnd := t.connectStart
	if blockedEnd.IsZero() {
		blockedEnd = t.gotConn
	}
	out := timings{
		Blocked:        ms(getConn, blockedEnd),
		Connecting:     ms(t.connectStart, t.connectDone),
		TLSHandshaking: ms(t.tlsStart, t.tlsDone),
		Sending:        ms(t.gotConn, t.wroteRequest),
		Waiting:        ms(t.wroteRequest, t.firstByte),
		Receiving:      ms(t.firstByte, end),
	}
	out.Duration = out.Sending + out.Waiting + out.Receiving
	return out
}
