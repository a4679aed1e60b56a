package assertions

import (
	"context"
	"fmt"
	"time"
)

// LogsMatch expects at least Min lines (default 1) matching Selector in
// the window from Since (zero: DefaultLogsLookback before the start) to
// Until (zero: now), within Within. Result.Last is the last count.
type LogsMatch struct {
	Selector LogSelector   `json:"selector"`
	Since    time.Time     `json:"since"`
	Until    time.Time     `json:"until"`
	Within   time.Duration `json:"within"`
	Min      int64         `json:"min"`
}

var _ Expectation = LogsMatch{}

func (LogsMatch) Kind() string { return "logsMatch" }

func (e LogsMatch) String() string {
	return fmt.Sprintf("logsMatch(%s, at least %d)", e.Selector, e.min())
}

func (e LogsMatch) min() int64 {
	if e.Min == 0 {
		return 1
	}
	return e.Min
}

// Evaluate counts the matching lines until there are Min of them.
func (e LogsMatch) Evaluate(ctx context.Context, b *Backends) Result {
	r, q, err := logsStart(e, b, e.Selector, e.Since, e.Until, e.Within)
	if err == nil && e.Min < 0 {
		err = fmt.Errorf("%w: logsMatch: min %d is negative", ErrBadExpectation, e.Min)
	}
	if err != nil {
		return errorResult(e, err)
	}
	want := e.min()
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		n, query, err := b.Logs.Count(ctx, q)
		o := observation{query: query, err: err}
		if err != nil {
			o.why = err.Error()
			return o
		}
		o.last, o.held = n, n >= want
		o.why = fmt.Sprintf("%s matched (want at least %d)", plural(n, "line"), want)
		return o
	})
	return r
}
