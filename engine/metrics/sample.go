package metrics

import "time"

// Sample is one observation of a metric. For a Rate, a non-zero Value is a
// true. Time values are in milliseconds, Data values in bytes.
type Sample struct {
	Metric *Metric
	Tags   *TagSet
	Time   time.Time
	Value  float64
}

// Pusher takes samples from one VU. The engine gives each VU its own, used
// by that VU's goroutine only; it may buffer, so samples become visible to
// the summary and thresholds shortly after, and all of them before the run
// ends. Push copies the samples it keeps: callers may reuse the slice.
type Pusher interface {
	Push(samples ...Sample)
}

// PusherFunc adapts a function to Pusher.
type PusherFunc func(samples ...Sample)

// Push calls f.
func (f PusherFunc) Push(samples ...Sample) { f(samples...) }
