package assertions

import (
	"context"
	"fmt"
	"time"
)

// LogsAbsent expects no line matching Selector in the window from Since
// to Until (zero: now): nothing arrived while the shipper was down, no
// graceful-shutdown line for a killed server. It waits Within for late
// lines to land, then counts once; an Until in the future is waited for.
//
// Absence proves nothing if the selector could never match (a typo in a
// message): with Control, the same selector must match at least one line
// in the ControlWindow before Since (default 1m), or the result is Fail.
type LogsAbsent struct {
	Selector LogSelector   `json:"selector"`
	Since    time.Time     `json:"since"`
	Until    time.Time     `json:"until"`
	Within   time.Duration `json:"within"`
	Control  bool          `json:"control"`
	// ControlWindow is how far before Since the control looks.
	ControlWindow time.Duration `json:"controlWindow"`
}

var _ Expectation = LogsAbsent{}

func (LogsAbsent) Kind() string { return "logsAbsent" }

func (e LogsAbsent) String() string { return fmt.Sprintf("logsAbsent(%s)", e.Selector) }

// Evaluate waits, then counts the window (and the control window).
func (e LogsAbsent) Evaluate(ctx context.Context, b *Backends) Result {
	r, q, err := logsStart(e, b, e.Selector, e.Since, e.Until, e.Within)
	if err == nil && e.Since.IsZero() {
		err = fmt.Errorf("%w: logsAbsent needs since: the window to look in", ErrBadExpectation)
	}
	if err != nil {
		return errorResult(e, err)
	}
	end := time.Now().Add(e.Within)
	if e.Until.After(end) {
		end = e.Until
	}
	if !r.waitUntil(ctx, end, "late lines and the end of the window") {
		return r
	}
	if e.Until.IsZero() {
		q.To = time.Now()
	}
	await(ctx, &r, 10*time.Second, func(ctx context.Context) observation {
		n, query, err := b.Logs.Count(ctx, q)
		o := observation{query: query, err: err, last: n}
		if err != nil {
			o.why = err.Error()
			return o
		}
		if n > 0 {
			o.final = true
			o.why = fmt.Sprintf("%s matched from %s to %s, want none", plural(n, "line"), q.From.Format(time.RFC3339), q.To.Format(time.RFC3339))
			return o
		}
		if e.Control {
			cq := q
			cq.To, cq.From = q.From, q.From.Add(-cmpOr(e.ControlWindow, time.Minute))
			c, cquery, err := b.Logs.Count(ctx, cq)
			if err != nil {
				o.err, o.why = err, err.Error()
				return o
			}
			if c == 0 {
				o.final, o.query = true, cquery
				o.why = fmt.Sprintf("no line matched, but none matched in the %s before either: the selector may match nothing at all, so absence proves nothing", cq.To.Sub(cq.From))
				return o
			}
			o.why = fmt.Sprintf("no line matched (the same selector matched %s just before)", plural(c, "line"))
		} else {
			o.why = "no line matched"
		}
		o.held = true
		return o
	})
	return r
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
