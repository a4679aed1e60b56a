package stream

import (
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Series is one metric with one set of tags, and the aggregate A the
// output keeps for it.
type Series[A any] struct {
	Metric *metrics.Metric
	Tags   *metrics.TagSet
	Agg    A
	// Latest is the time of the newest sample added.
	Latest time.Time
	// Dirty says a sample was added since MarkClean.
	Dirty bool
}

// Table aggregates samples by metric and tags, at most max series: the
// samples of further series are dropped and counted. Not safe for
// concurrent use: the output's flusher owns it.
type Table[A any] struct {
	byKey   map[string]*Series[A]
	order   []*Series[A]
	max     int
	dropped int64
	newAgg  func(m *metrics.Metric) A
	add     func(agg A, s metrics.Sample)
	key     []byte
}

// NewTable returns a table whose series start with newAgg(metric) and take
// each sample with add.
func NewTable[A any](max int, newAgg func(*metrics.Metric) A, add func(A, metrics.Sample)) *Table[A] {
	return &Table[A]{byKey: map[string]*Series[A]{}, max: max, newAgg: newAgg, add: add}
}

// Add puts each sample in its series.
func (t *Table[A]) Add(samples []metrics.Sample) {
	for _, s := range samples {
		if s.Metric == nil {
			continue
		}
		ser := t.series(s)
		if ser == nil {
			t.dropped++
			continue
		}
		t.add(ser.Agg, s)
		if s.Time.After(ser.Latest) {
			ser.Latest = s.Time
		}
		ser.Dirty = true
	}
}

func (t *Table[A]) series(s metrics.Sample) *Series[A] {
	k := append(t.key[:0], s.Metric.Name...)
	for _, tag := range s.Tags.Tags() {
		k = append(append(append(append(k, 0xff), tag.Name...), 0xfe), tag.Value...)
	}
	t.key = k
	if ser, ok := t.byKey[string(k)]; ok {
		return ser
	}
	if len(t.order) >= t.max {
		return nil
	}
	ser := &Series[A]{Metric: s.Metric, Tags: s.Tags, Agg: t.newAgg(s.Metric)}
	t.byKey[string(k)] = ser
	t.order = append(t.order, ser)
	return ser
}

// All returns every series in the order first seen.
func (t *Table[A]) All() []*Series[A] { return t.order }

// Dropped is how many samples belonged to series beyond the cap.
func (t *Table[A]) Dropped() int64 { return t.dropped }
