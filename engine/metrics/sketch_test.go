package metrics

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// exactP is k6's percentile over sorted values.
func exactP(sorted []float64, pct float64) float64 {
	pos := pct * float64(len(sorted)-1)
	lo := math.Floor(pos)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (pos-lo)*(sorted[i+1]-sorted[i])
}

func TestTrendSinkPercentilesWithinRelativeError(t *testing.T) {
	t.Parallel()
	dists := map[string]func(r *rand.Rand) float64{
		"lognormal ms": func(r *rand.Rand) float64 { return math.Exp(r.NormFloat64()*1.5 + 3) },
		"uniform":      func(r *rand.Rand) float64 { return r.Float64() * 1000 },
		"with negatives and zeros": func(r *rand.Rand) float64 {
			if r.IntN(10) == 0 {
				return 0
			}
			return r.NormFloat64() * 100
		},
	}
	for name, gen := range dists {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(1, 2))
			var ts TrendSink
			vals := make([]float64, 0, 100000)
			for range 100000 {
				v := gen(r)
				vals = append(vals, v)
				ts.AddValue(v)
			}
			if ts.Exact() {
				t.Fatal("100,000 values are still exact; the sketch never took over")
			}
			sort.Float64s(vals)
			for _, p := range []float64{0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1} {
				got, want := ts.P(p), exactP(vals, p)
				// α relative to the neighbouring samples' magnitude.
				tol := SketchRelativeAccuracy*math.Max(math.Abs(want), math.Abs(exactP(vals, math.Min(p+1e-6, 1)))) + 1e-9
				if math.Abs(got-want) > tol {
					t.Errorf("p(%v) = %v, exact %v: off by more than %v", p*100, got, want, tol)
				}
			}
			if ts.Min != vals[0] || ts.Max != vals[len(vals)-1] || ts.Count != int64(len(vals)) {
				t.Errorf("min/max/count %v/%v/%d, want exact %v/%v/%d", ts.Min, ts.Max, ts.Count, vals[0], vals[len(vals)-1], len(vals))
			}
		})
	}
}

func TestTrendSinkExactWhileSmall(t *testing.T) {
	t.Parallel()
	var ts TrendSink
	for i := 1; i <= 10; i++ {
		ts.AddValue(float64(i))
	}
	if got := ts.P(0.9); got != 9.1 {
		t.Errorf("p(90) of 1..10 = %v, want k6's exact 9.1", got)
	}
	if got := ts.P(0.5); got != 5.5 {
		t.Errorf("med of 1..10 = %v, want 5.5", got)
	}
}

func TestTrendSinkMemoryIsBounded(t *testing.T) {
	t.Parallel()
	var ts TrendSink
	r := rand.New(rand.NewPCG(3, 4))
	for range 2_000_000 {
		ts.AddValue(r.ExpFloat64() * 50) // 0..~1000 ms
	}
	buckets := len(ts.sketch.Positive.Counts) + len(ts.sketch.Negative.Counts)
	// 1e-9..1e3 spans ~1,400 buckets at 1 %; far below one per value.
	if buckets > 2000 || ts.exact != nil {
		t.Errorf("after 2M values the sink holds %d buckets and %d exact values; want a bounded sketch", buckets, len(ts.exact))
	}
}

func TestTrendSinkMergeEqualsOneSink(t *testing.T) {
	t.Parallel()
	for _, n := range []int{100, 300, 50000} { // exact+exact, exact→sketch, sketch+sketch
		r := rand.New(rand.NewPCG(5, uint64(n)))
		var a, b, whole TrendSink
		for i := range n {
			v := r.ExpFloat64() * 20
			whole.AddValue(v)
			if i%3 == 0 {
				a.AddValue(v)
			} else {
				b.AddValue(v)
			}
		}
		if err := a.Merge(&b); err != nil {
			t.Fatal(err)
		}
		if a.Count != whole.Count || a.Min != whole.Min || a.Max != whole.Max || math.Abs(a.Sum-whole.Sum) > 1e-6*whole.Sum {
			t.Errorf("n=%d: merged count/min/max/sum %d/%v/%v/%v, want %d/%v/%v/%v", n, a.Count, a.Min, a.Max, a.Sum, whole.Count, whole.Min, whole.Max, whole.Sum)
		}
		for _, p := range []float64{0.5, 0.9, 0.95, 0.99} {
			if got, want := a.P(p), whole.P(p); math.Abs(got-want) > 2*SketchRelativeAccuracy*want {
				t.Errorf("n=%d: merged p(%v) = %v, one sink %v", n, p*100, got, want)
			}
		}
	}
}

func TestSinkJSONRoundTrip(t *testing.T) {
	t.Parallel()
	mk := func(typ Type, vals ...float64) Sink {
		s := NewSink(typ)
		for _, v := range vals {
			s.Add(Sample{Value: v})
		}
		return s
	}
	big := make([]float64, 2000)
	for i := range big {
		big[i] = float64(i%97) + 0.5
	}
	for _, c := range []struct {
		typ  Type
		vals []float64
	}{
		{Counter, []float64{1, 2, 3}}, {Gauge, []float64{5, 1, 9}}, {Rate, []float64{1, 0, 1}},
		{Trend, []float64{1, 2, 3}}, {Trend, big}, {Trend, nil},
	} {
		s := mk(c.typ, c.vals...)
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeSink(c.typ, raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if a, b := s.Values(time.Second), back.Values(time.Second); !sameValues(a, b) {
			t.Errorf("%s of %d values: %v after a round trip, want %v", c.typ, len(c.vals), b, a)
		}
	}
}

func TestDecodeSinkRejectsInconsistentTrends(t *testing.T) {
	t.Parallel()
	for name, raw := range map[string]string{
		"count mismatch":   `{"count":3,"sum":1,"min":1,"max":1,"values":[1]}`,
		"other accuracy":   `{"count":1,"sum":1,"min":1,"max":1,"sketch":{"positive":{"offset":0,"counts":[1]}},"relativeAccuracy":0.02}`,
		"sketch count off": `{"count":5,"sum":1,"min":1,"max":1,"sketch":{"positive":{"offset":0,"counts":[1]}},"relativeAccuracy":0.01}`,
		"not json":         `{`,
	} {
		if _, err := DecodeSink(Trend, json.RawMessage(raw)); err == nil {
			t.Errorf("%s: decoded %s without an error", name, raw)
		}
	}
	if err := (&TrendSink{}).Merge(&CounterSink{}); err == nil {
		t.Error("merging a counter into a trend gave no error")
	}
}

func sameValues(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// BenchmarkTrendSinkAdd shows the per-value cost and that the heap does
// not grow with the number of values.
func BenchmarkTrendSinkAdd(b *testing.B) {
	var ts TrendSink
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ts.AddValue(float64(i%10000) * 0.1)
	}
}
