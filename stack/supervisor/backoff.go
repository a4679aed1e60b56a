package supervisor

import "time"

// backoff spaces restarts: it doubles from initial up to max and starts
// over once a process has run for at least reset.
type backoff struct {
	initial, max, reset time.Duration
	next                time.Duration
}

func newBackoff() *backoff {
	return &backoff{initial: 250 * time.Millisecond, max: 10 * time.Second, reset: 10 * time.Second}
}

// after returns the delay before the restart of a process that ran for ran.
func (b *backoff) after(ran time.Duration) time.Duration {
	if ran >= b.reset || b.next == 0 {
		b.next = b.initial
	}
	d := b.next
	b.next = min(2*b.next, b.max)
	return d
}
