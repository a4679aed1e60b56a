package metrics

import (
	"fmt"
	"math"
)

// SketchRelativeAccuracy is the relative error of a Sketch's quantiles:
// the value it returns for a rank is within 1 % of the true value of the
// sample at that rank.
const SketchRelativeAccuracy = 0.01

const (
	// sketchMinValue is the smallest magnitude kept in a log bucket;
	// smaller ones (1e-9 ms is a picosecond) count as zero.
	sketchMinValue = 1e-9
	// sketchMaxBuckets bounds each store. 1e-9 to 1e12 needs about 2,400
	// buckets at 1 %, so real runs never collapse; past the bound the
	// lowest buckets fold into one (DDSketch's collapsing-lowest store),
	// which loses accuracy only at the low end.
	sketchMaxBuckets = 4096
)

// sketchLnGamma is the log of the ratio between bucket bounds,
// (1+α)/(1-α).
var sketchLnGamma = math.Log((1 + SketchRelativeAccuracy) / (1 - SketchRelativeAccuracy))

// Sketch is a DDSketch-style quantile sketch: every value falls into a
// logarithmic bucket (gamma^(i-1), gamma^i] with gamma = (1+α)/(1-α), and
// only the bucket counts are kept, so memory depends on the range of the
// values, never on how many there were. A bucket's representative value,
// 2·gamma^i/(gamma+1), is within α of every value in it. Two sketches of
// the same α merge exactly by adding their counts. Not safe for
// concurrent use.
type Sketch struct {
	Zero     uint64      `json:"zero,omitempty"`
	Positive bucketStore `json:"positive"`
	Negative bucketStore `json:"negative"` // buckets of -v
}

// bucketStore is a dense run of bucket counts: Counts[k] is the count of
// bucket Offset+k.
type bucketStore struct {
	Offset int32    `json:"offset"`
	Counts []uint64 `json:"counts,omitempty"`
}

// Add records one value.
func (s *Sketch) Add(v float64) { s.addN(v, 1) }

func (s *Sketch) addN(v float64, n uint64) {
	switch {
	case math.IsNaN(v):
		return
	case math.IsInf(v, 0):
		s.addN(math.Copysign(math.MaxFloat64, v), n)
	case v > sketchMinValue:
		s.Positive.add(sketchIndex(v), n)
	case v < -sketchMinValue:
		s.Negative.add(sketchIndex(-v), n)
	default:
		s.Zero += n
	}
}

// Count is the number of values recorded.
func (s *Sketch) Count() uint64 {
	return s.Zero + s.Positive.total() + s.Negative.total()
}

// Merge adds every count of o.
func (s *Sketch) Merge(o *Sketch) {
	s.Zero += o.Zero
	s.Positive.merge(&o.Positive)
	s.Negative.merge(&o.Negative)
}

// Clone returns an independent copy.
func (s *Sketch) Clone() *Sketch {
	cp := *s
	cp.Positive.Counts = append([]uint64(nil), s.Positive.Counts...)
	cp.Negative.Counts = append([]uint64(nil), s.Negative.Counts...)
	return &cp
}

// ValueAt returns the value of the sample of 0-based rank k in ascending
// order, within SketchRelativeAccuracy; k is clamped to the count.
func (s *Sketch) ValueAt(k uint64) float64 {
	if n := s.Count(); n == 0 {
		return 0
	} else if k >= n {
		k = n - 1
	}
	// Negative values first, the most negative (highest index) first.
	if neg := s.Negative.total(); k < neg {
		return -sketchValue(s.Negative.indexOfRank(neg - 1 - k))
	} else {
		k -= neg
	}
	if k < s.Zero {
		return 0
	}
	return sketchValue(s.Positive.indexOfRank(k - s.Zero))
}

// Validate reports a sketch that cannot have come from Add: a store
// longer than the bound.
func (s *Sketch) Validate() error {
	for _, st := range []*bucketStore{&s.Positive, &s.Negative} {
		if len(st.Counts) > sketchMaxBuckets {
			return fmt.Errorf("sketch store has %d buckets, more than the bound %d", len(st.Counts), sketchMaxBuckets)
		}
	}
	return nil
}

// sketchIndex is the bucket of a positive value: ceil(log_gamma(v)).
func sketchIndex(v float64) int32 {
	return int32(math.Ceil(math.Log(v) / sketchLnGamma))
}

// sketchValue is the representative value of bucket i.
func sketchValue(i int32) float64 {
	gamma := math.Exp(sketchLnGamma)
	return 2 * math.Exp(float64(i)*sketchLnGamma) / (gamma + 1)
}

func (b *bucketStore) total() uint64 {
	var n uint64
	for _, c := range b.Counts {
		n += c
	}
	return n
}

// add counts n values in bucket i, growing (or collapsing) the store.
func (b *bucketStore) add(i int32, n uint64) {
	if len(b.Counts) == 0 {
		b.Offset = i
		b.Counts = append(b.Counts[:0], n)
		return
	}
	b.grow(i)
	if i < b.Offset { // collapsed: the lowest kept bucket takes it
		i = b.Offset
	}
	b.Counts[i-b.Offset] += n
}

// grow makes room for bucket i, collapsing the lowest buckets when the
// store would pass sketchMaxBuckets.
func (b *bucketStore) grow(i int32) {
	lo, hi := b.Offset, b.Offset+int32(len(b.Counts))-1
	switch {
	case i < lo:
		if hi-i+1 > sketchMaxBuckets {
			i = hi - sketchMaxBuckets + 1
		}
		if i < lo {
			pre := make([]uint64, lo-i, int(lo-i)+len(b.Counts))
			b.Counts = append(pre, b.Counts...)
			b.Offset = i
		}
	case i > hi:
		b.Counts = append(b.Counts, make([]uint64, i-hi)...)
		if extra := len(b.Counts) - sketchMaxBuckets; extra > 0 {
			var folded uint64
			for _, c := range b.Counts[:extra+1] {
				folded += c
			}
			b.Counts = append([]uint64(nil), b.Counts[extra:]...)
			b.Counts[0] = folded
			b.Offset += int32(extra)
		}
	}
}

func (b *bucketStore) merge(o *bucketStore) {
	for k, c := range o.Counts {
		if c > 0 {
			b.add(o.Offset+int32(k), c)
		}
	}
}

// indexOfRank is the bucket holding the value of 0-based rank k.
func (b *bucketStore) indexOfRank(k uint64) int32 {
	var seen uint64
	for j, c := range b.Counts {
		seen += c
		if k < seen {
			return b.Offset + int32(j)
		}
	}
	return b.Offset + int32(len(b.Counts)) - 1
}
