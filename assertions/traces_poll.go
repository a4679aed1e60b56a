package assertions

import (
	"context"
	"time"
)

// awaitFinal is await for a check that can see a failure coming before
// the deadline, one that no later poll can mend (a span count already
// over its limit: spans only ever arrive). done ends the wait at once
// with Fail and the check's observation, rather than polling on to the
// deadline.
func awaitFinal(ctx context.Context, r *Result, within time.Duration, check func(context.Context) (o observation, done bool)) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var final *observation
	await(ctx, r, within, func(ctx context.Context) observation {
		o, done := check(ctx)
		if done && o.err == nil {
			o.held = false
			final = &o
			cancel()
		}
		return o
	})
	if final != nil {
		r.fail(Fail, *final, final.why)
	}
}
