package assertions

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// traceIDLen is a trace id's length in hex digits; spanIDLen a span id's.
const (
	traceIDLen = 32
	spanIDLen  = 16
)

// normalizeTraceID returns id as 32 lower-case hex digits: surrounding
// space is dropped and a shorter id (Jaeger's 64-bit ids, Tempo's ids
// without leading zeros) is zero-padded. Anything else, and the
// all-zero id, is an ErrBadExpectation error.
func normalizeTraceID(id string) (string, error) {
	s := strings.ToLower(strings.TrimSpace(id))
	if s == "" || len(s) > traceIDLen || !isHex(s) {
		return "", fmt.Errorf("%w: trace id %q: want up to 32 hex digits, as in a traceparent (00-<trace id>-<span id>-01)", ErrBadExpectation, id)
	}
	s = strings.Repeat("0", traceIDLen-len(s)) + s
	if strings.Trim(s, "0") == "" {
		return "", fmt.Errorf("%w: trace id %q is all zeros, which W3C trace context reserves as invalid", ErrBadExpectation, id)
	}
	return s, nil
}

// normalizeTraceIDs normalizes every id, reporting all the bad ones.
func normalizeTraceIDs(ids []string) ([]string, error) {
	out := make([]string, 0, len(ids))
	var errs []error
	for _, id := range ids {
		n, err := normalizeTraceID(id)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, n)
	}
	return out, joinErrs(errs)
}

func isHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// hexID is an OTLP id's bytes as lower-case hex; the all-zero or empty
// id (no parent) is "".
func hexID(b []byte) string {
	for _, c := range b {
		if c != 0 {
			return hex.EncodeToString(b)
		}
	}
	return ""
}
