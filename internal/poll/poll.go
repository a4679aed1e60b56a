package poll

import (
	"context"
	"fmt"
	"time"
)

// Check reports whether the awaited condition holds. When it does not,
// seen may say what it observed instead (an HTTP status, a count, the
// error of a failed request); it is quoted if the wait gives up. seen is
// ignored when done is true.
type Check func(ctx context.Context) (done bool, seen error)

// Until calls check at once and then every interval until it reports
// done, returning nil, or until ctx ends, returning an error that names
// what, the time waited and the last observation check gave. The error
// wraps ctx's error and that observation, for errors.Is.
func Until(ctx context.Context, interval time.Duration, what string, check Check) error {
	start := time.Now()
	timer := time.NewTimer(interval)
	defer timer.Stop()
	var seen error
	for {
		done, err := check(ctx)
		if done {
			return nil
		}
		// A check cut short by ctx's end says less than the one before.
		if err != nil && (seen == nil || ctx.Err() == nil) {
			seen = err
		}
		select {
		case <-ctx.Done():
			return gaveUp(what, time.Since(start), ctx.Err(), seen)
		case <-timer.C:
			timer.Reset(interval)
		}
	}
}

// Within is Until with a timeout of its own on top of ctx.
func Within(ctx context.Context, timeout, interval time.Duration, what string, check Check) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return Until(ctx, interval, what, check)
}

func gaveUp(what string, waited time.Duration, ctxErr, seen error) error {
	waited = waited.Round(time.Millisecond)
	if seen == nil {
		return fmt.Errorf("waiting for %s: %w after %s", what, ctxErr, waited)
	}
	return fmt.Errorf("waiting for %s: %w after %s; last seen: %w", what, ctxErr, waited, seen)
}
