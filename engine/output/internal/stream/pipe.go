package stream

import (
	"sync"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Pipe is a pushing output's path for samples: AddSamples fills the
// Buffer on the engine's goroutine; the output's flusher moves them into
// the Table of series under the pipe's lock.
type Pipe[A any] struct {
	Buf *Buffer

	mu    sync.Mutex
	table *Table[A]
}

// NewPipe returns a pipe of at most maxPending buffered samples and
// maxSeries series.
func NewPipe[A any](maxPending, maxSeries int, newAgg func(*metrics.Metric) A, add func(A, metrics.Sample)) *Pipe[A] {
	return &Pipe[A]{Buf: NewBuffer(maxPending), table: NewTable(maxSeries, newAgg, add)}
}

// Aggregate moves the buffered samples into their series.
func (p *Pipe[A]) Aggregate() { p.With(func(*Table[A]) {}) }

// With aggregates, then calls fn with the table, under the lock.
func (p *Pipe[A]) With(fn func(*Table[A])) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.table.Add(p.Buf.Take())
	fn(p.table)
}

// Report is Report for this pipe's buffer and table.
func (p *Pipe[A]) Report(what string, pushes *Pushes, slowHint string) error {
	p.mu.Lock()
	dropped, max := p.table.Dropped(), p.table.max
	p.mu.Unlock()
	return Report(what, pushes, p.Buf, dropped, max, slowHint)
}
