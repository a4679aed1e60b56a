package traceparent

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
)

// Context is a W3C trace context: the identity of one client span.
type Context struct {
	TraceID [16]byte
	SpanID  [8]byte
	Sampled bool
}

// New returns a context with random, non-zero trace and span IDs. The IDs
// need to be unique, not secret, so the fast per-thread generator of
// math/rand/v2 is enough.
func New(sampled bool) Context {
	tc := Context{Sampled: sampled}
	for tc.TraceID == ([16]byte{}) {
		binary.BigEndian.PutUint64(tc.TraceID[:8], rand.Uint64())
		binary.BigEndian.PutUint64(tc.TraceID[8:], rand.Uint64())
	}
	tc.SpanID = newSpanID()
	return tc
}

// Child returns a context in the same trace with a new span ID, for
// another request of the same operation (a page of a listing, a probe's
// next step).
func (tc Context) Child() Context {
	tc.SpanID = newSpanID()
	return tc
}

func newSpanID() [8]byte {
	var id [8]byte
	for id == ([8]byte{}) {
		binary.BigEndian.PutUint64(id[:], rand.Uint64())
	}
	return id
}

// TraceIDString is the 32 lower-case hex digits of the trace ID.
func (tc Context) TraceIDString() string { return hex.EncodeToString(tc.TraceID[:]) }

// SpanIDString is the 16 lower-case hex digits of the span ID.
func (tc Context) SpanIDString() string { return hex.EncodeToString(tc.SpanID[:]) }

// String renders the version-00 traceparent header value.
func (tc Context) String() string {
	var b [55]byte
	copy(b[:], "00-")
	hex.Encode(b[3:35], tc.TraceID[:])
	b[35] = '-'
	hex.Encode(b[36:52], tc.SpanID[:])
	copy(b[52:], "-00")
	if tc.Sampled {
		b[54] = '1'
	}
	return string(b[:])
}

// Parse reads a version-00 traceparent header value.
func Parse(s string) (Context, error) {
	var tc Context
	if len(s) != 55 || s[:3] != "00-" || s[35] != '-' || s[52] != '-' || strings.ToLower(s) != s {
		return tc, fmt.Errorf("traceparent %q: want 00-<32 lower-case hex>-<16 hex>-<2 hex>", s)
	}
	if _, err := hex.Decode(tc.TraceID[:], []byte(s[3:35])); err != nil {
		return tc, fmt.Errorf("traceparent %q: trace ID: %w", s, err)
	}
	if _, err := hex.Decode(tc.SpanID[:], []byte(s[36:52])); err != nil {
		return tc, fmt.Errorf("traceparent %q: span ID: %w", s, err)
	}
	var flags [1]byte
	if _, err := hex.Decode(flags[:], []byte(s[53:55])); err != nil {
		return tc, fmt.Errorf("traceparent %q: flags: %w", s, err)
	}
	if tc.TraceID == ([16]byte{}) || tc.SpanID == ([8]byte{}) {
		return tc, fmt.Errorf("traceparent %q: all-zero trace or span ID", s)
	}
	tc.Sampled = flags[0]&1 == 1
	return tc, nil
}
