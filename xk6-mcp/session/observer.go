package session

import "time"

// Observer sees what a Session does, so a caller can turn it into metrics
// without the session knowing about any metrics engine. Methods are called
// on the goroutine that made the call, after it ended.
type Observer interface {
	// ObserveCall is called once per operation (a listAll* operation is one
	// observation however many pages it took), and once per handshake
	// (OpInitialize), whether it succeeded or not.
	ObserveCall(c *CallInfo)
	// ObserveSession is called when a session opens, reconnects or closes.
	ObserveSession(e SessionEvent)
}

// CallInfo describes one finished operation.
type CallInfo struct {
	Op Op
	// Target is the tool or prompt name or resource URI, if any.
	Target   string
	Start    time.Time
	Duration time.Duration
	// IsError is the tool result's isError flag (not a failed call).
	IsError bool
	// Err is nil when the call got a result.
	Err *Error
	// BytesSent and BytesReceived are the wire bytes the session moved
	// while the call ran (TCP payload including HTTP headers and TLS for
	// the HTTP transports, pipe bytes for stdio).
	BytesSent, BytesReceived int64
	TraceID, SpanID          string
	SessionID                string
}

// SessionEventKind says what happened to a session.
type SessionEventKind int

// Session events.
const (
	SessionOpened SessionEventKind = iota + 1
	// SessionReconnected: the server forgot the session (or its stream or
	// process went away) and a new one replaced it.
	SessionReconnected
	SessionClosed
)

// SessionEvent describes one session event.
type SessionEvent struct {
	Kind      SessionEventKind
	Time      time.Time
	SessionID string
	// Duration is how long the handshake took (opened, reconnected) or how
	// long the session lived (closed). The handshake itself, with its wire
	// bytes, is also observed as an OpInitialize call.
	Duration time.Duration
}
