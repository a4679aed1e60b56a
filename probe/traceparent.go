package probe

import (
	"crypto/rand"
	"encoding/hex"
)

// traceContext is the W3C trace of one probe: one trace id, a new span id
// per request, sampled so a ParentBased sampler on the server records it.
type traceContext struct {
	traceID string
}

func newTraceContext() traceContext {
	var id [16]byte
	_, _ = rand.Read(id[:]) // crypto/rand.Read never fails (Go 1.24+)
	return traceContext{traceID: hex.EncodeToString(id[:])}
}

// traceparent returns a traceparent header value with a fresh span id.
func (t traceContext) traceparent() string {
	var span [8]byte
	_, _ = rand.Read(span[:])
	return "00-" + t.traceID + "-" + hex.EncodeToString(span[:]) + "-01"
}
