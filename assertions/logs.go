package assertions

import (
	"context"
	"fmt"
	"time"
)

// Logs is a logs backend: one interface, two drivers (VictoriaLogs with
// LogsQL, Loki with LogQL). Every count is computed by the backend — a
// stats pipe or count_over_time — never by pulling lines, which a
// backend truncates at its limit.
type Logs interface {
	// Kind names the backend: "victorialogs" or "loki".
	Kind() string
	// Compile is the query Count runs for q, in the backend's language.
	Compile(q LogQuery) (string, error)
	// Count counts the lines q selects.
	Count(ctx context.Context, q LogQuery) (n int64, query string, err error)
	// CountByValue counts q's lines for each of values of field. A value
	// with no line is absent from the map. Large sets are asked in chunks
	// that keep each query small; query is the first one run.
	CountByValue(ctx context.Context, q LogQuery, field string, values []string) (counts map[string]ValueCount, query string, err error)
}

// LogQuery is what a logs expectation asks: a selector, a time window
// and, for the per-field and per-secret counts, one more filter.
type LogQuery struct {
	Selector LogSelector
	// From is the window's start (inclusive); To its end (exclusive),
	// zero for "now" at each query.
	From, To time.Time
	// Missing keeps only the lines where this field is missing or empty.
	Missing string
	// Containing keeps only the lines that contain it anywhere, as is or
	// JSON-escaped.
	Containing string
}

// ValueCount is how many lines carry one value, and, where the backend
// can say (VictoriaLogs), the earliest line's own timestamp.
type ValueCount struct {
	Lines int64
	First time.Time
}

// Logs backend kinds, as backends.logs.kind spells them.
const (
	kindVictoriaLogs = "victorialogs"
	kindLoki         = "loki"
)

// DefaultLogsLookback is the window of a logs expectation that sets no
// Since: the hour before it starts. Both drivers use it, so the same
// expectation counts the same lines on either (Loki's ranges must be
// finite anyway).
const DefaultLogsLookback = time.Hour

// newLogs builds the driver that backends.logs.kind names.
func newLogs(kind string, ep *endpoint) (Logs, error) {
	switch kind {
	case "", kindVictoriaLogs:
		return &VictoriaLogs{ep: ep}, nil
	case kindLoki:
		return &Loki{ep: ep}, nil
	}
	return nil, fmt.Errorf("backends.logs.kind %q: use %s (the default) or %s", kind, kindVictoriaLogs, kindLoki)
}

// window resolves an expectation's Since/Until at start: a zero since is
// DefaultLogsLookback before start; a zero until stays open (now).
func window(sel LogSelector, since, until, start time.Time) LogQuery {
	if since.IsZero() {
		since = start.Add(-DefaultLogsLookback)
	}
	return LogQuery{Selector: sel, From: since, To: until}
}

// checkWindow rejects a window that ends before it starts.
func checkWindow(kind string, since, until time.Time) error {
	if !until.IsZero() && !since.IsZero() && !until.After(since) {
		return fmt.Errorf("%w: %s: until (%s) must be after since (%s)", ErrBadExpectation, kind, until.Format(time.RFC3339Nano), since.Format(time.RFC3339Nano))
	}
	return nil
}
