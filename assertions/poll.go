package assertions

import (
	"context"
	"fmt"
	"time"
)

// Poll intervals: the first retry comes quickly, then the interval doubles
// up to maxInterval, which bounds what polling adds to a time-to-detect
// measured by the harness's own clock (stages use the backend's clock).
const (
	minInterval = 100 * time.Millisecond
	maxInterval = time.Second
)

// DefaultWithin is the deadline of an expectation that sets none.
const DefaultWithin = 30 * time.Second

// observation is what one poll found.
type observation struct {
	held bool
	// last is the value seen; query the query run (the last one).
	last  any
	query string
	// why says what was seen: why it holds, or why not yet.
	why string
	// err is a backend error: a retryable one is polled through, any
	// other ends the wait with Error.
	err error
	// at is when it held by the backend's clock (zero: now).
	at time.Time
	// final says the verdict is in although it did not hold: waiting
	// cannot change it (an alert that went off in a window now past).
	final bool
}

// await polls check until it holds, meets an error that retrying cannot
// mend, or within passes, and fills r's verdict. A wait that ends on a
// retryable error (the backend is down) is Error, not Fail: the last
// thing known is that the pipeline could not be asked.
func await(ctx context.Context, r *Result, within time.Duration, check func(context.Context) observation) {
	if within <= 0 {
		within = DefaultWithin
	}
	if r.Started.IsZero() {
		r.Started = time.Now()
	}
	deadline := r.Started.Add(within)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	interval := minInterval
	var last observation
	for {
		o := check(ctx)
		r.Polls++
		// A poll cut short by the deadline says less than the one before.
		if !(o.err != nil && ctx.Err() != nil && r.Polls > 1) {
			last = o
		}
		r.Query = pick(o.query, r.Query)
		if o.held {
			r.settle(o)
			return
		}
		if o.err != nil && !retryable(o.err) {
			r.fail(Error, o, o.err.Error())
			return
		}
		if o.final && o.err == nil {
			r.fail(Fail, o, o.why)
			return
		}
		select {
		case <-ctx.Done():
			r.giveUp(time.Now().Before(deadline), within, last)
			return
		case <-time.After(interval):
		}
		interval = min(interval*2, maxInterval)
	}
}

// giveUp is the verdict of a wait that ran out.
// early says the caller stopped the wait before the deadline.
func (r *Result) giveUp(early bool, within time.Duration, last observation) {
	if last.err != nil {
		r.fail(Error, last, fmt.Sprintf("could not evaluate: %v", last.err))
		return
	}
	if early {
		r.fail(Error, last, "could not evaluate: stopped before the deadline (the run ended or was interrupted); last seen: "+last.why)
		return
	}
	r.fail(Fail, last, fmt.Sprintf("did not hold within %s: %s", within, last.why))
}

// settle marks r passed with o.
func (r *Result) settle(o observation) {
	r.Status = Pass
	r.Last, r.Why = o.last, o.why
	r.HeldAt = o.at
	if r.HeldAt.IsZero() {
		r.HeldAt = time.Now()
	}
	r.Ended = time.Now()
}

// fail gives r a non-pass verdict.
func (r *Result) fail(s Status, o observation, why string) {
	r.Status = s
	r.Last, r.Why, r.Err = o.last, why, o.err
	r.Ended = time.Now()
}

// errorResult is the verdict of an expectation that could not be asked
// at all (invalid, or its backend not configured).
func errorResult(e Expectation, err error) Result {
	now := time.Now()
	return Result{Name: e.Kind(), Subject: e.String(), Status: Error, Why: err.Error(), Err: err, Started: now, Ended: now}
}

// newResult starts the result of e.
func newResult(e Expectation, backend string, since time.Time) Result {
	return Result{Name: e.Kind(), Subject: e.String(), Backend: backend, Since: since, Started: time.Now()}
}

// waitUntil sleeps until t; when ctx ends first, r is Error (what could
// not be waited for) and it returns false.
func (r *Result) waitUntil(ctx context.Context, t time.Time, what string) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	select {
	case <-ctx.Done():
		r.fail(Error, observation{last: r.Last}, "could not evaluate: stopped while waiting for "+what)
		return false
	case <-time.After(d):
		return true
	}
}

// orStart is t, or start when t is unset.
func orStart(t, start time.Time) time.Time {
	if t.IsZero() {
		return start
	}
	return t
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
