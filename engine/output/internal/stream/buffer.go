package stream

import (
	"sync"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Buffer holds samples between flushes, at most max of them: beyond that
// it drops samples and counts them, so a stalled endpoint costs bounded
// memory. When it is half full it signals Kick, so the flusher can take
// the samples before the next tick. Safe for concurrent use.
type Buffer struct {
	mu      sync.Mutex
	samples []metrics.Sample
	max     int
	dropped int64
	kick    chan struct{}
}

// NewBuffer returns a buffer of at most max samples.
func NewBuffer(max int) *Buffer {
	return &Buffer{max: max, kick: make(chan struct{}, 1)}
}

// Add copies what fits of samples into the buffer.
func (b *Buffer) Add(samples []metrics.Sample) {
	b.mu.Lock()
	room := b.max - len(b.samples)
	if room < len(samples) {
		b.dropped += int64(len(samples) - max(room, 0))
		samples = samples[:max(room, 0)]
	}
	b.samples = append(b.samples, samples...)
	half := len(b.samples) >= b.max/2
	b.mu.Unlock()
	if half {
		select {
		case b.kick <- struct{}{}:
		default:
		}
	}
}

// Take returns the buffered samples and empties the buffer.
func (b *Buffer) Take() []metrics.Sample {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.samples
	b.samples = nil
	return s
}

// Dropped is how many samples did not fit.
func (b *Buffer) Dropped() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}

// Kick fires when the buffer is half full.
func (b *Buffer) Kick() <-chan struct{} { return b.kick }
