package executor

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

// tuples returns a tuple for every segment of the sequence.
func tuples(t *testing.T, sequence string) []*Tuple {
	t.Helper()
	seq, err := ParseSequence(sequence)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Tuple
	for i := 0; i+1 < len(seq); i++ {
		tp, err := NewTuple(Segment{From: seq[i], To: seq[i+1]}, seq)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tp)
	}
	return out
}

func TestSegmentsSplitEveryNumberExactly(t *testing.T) {
	t.Parallel()
	for _, sequence := range []string{"0,1", "0,1/2,1", "0,1/3,2/3,1", "0,1/4,1/2,1", "0,0.1,0.35,1", "0,1/7,3/10,1/2,99/100,1", "0,25%,100%"} {
		ts := tuples(t, sequence)
		for n := int64(0); n <= 300; n++ {
			var sum int64
			for _, tp := range ts {
				part := tp.Scale(n)
				sum += part
				// Each part is within one of the exact share.
				exact := new(big.Rat).Mul(new(big.Rat).Sub(tp.Segment.To, tp.Segment.From), big.NewRat(n, 1))
				if d := new(big.Rat).Sub(big.NewRat(part, 1), exact); d.Cmp(big.NewRat(1, 1)) >= 0 || d.Cmp(big.NewRat(-1, 1)) <= 0 {
					t.Errorf("%s: segment %s gets %d of %d, more than one off its share %s", sequence, tp.Segment, part, n, exact.FloatString(2))
				}
			}
			if sum != n {
				t.Errorf("%s: parts of %d add up to %d", sequence, n, sum)
			}
		}
		// Every iteration of a schedule has exactly one owner, and Scale
		// counts what Owns marks.
		for i := int64(0); i < 500; i++ {
			owners := 0
			for _, tp := range ts {
				if tp.Owns(i) {
					owners++
				}
			}
			if owners != 1 {
				t.Fatalf("%s: iteration %d has %d owners", sequence, i, owners)
			}
		}
		for _, tp := range ts {
			var owned int64
			for i := int64(0); i < 211; i++ {
				if tp.Owns(i) {
					owned++
				}
			}
			if owned != tp.Scale(211) {
				t.Errorf("%s: %s owns %d of the first 211 iterations, Scale says %d", sequence, tp.Segment, owned, tp.Scale(211))
			}
		}
	}
}

func TestSegmentWithoutSequenceUsesItsComplements(t *testing.T) {
	t.Parallel()
	seg, err := ParseSegment("1/4:3/4")
	if err != nil {
		t.Fatal(err)
	}
	tp, err := NewTuple(seg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := SequenceString(tp.Sequence); got != "0,1/4,3/4,1" {
		t.Errorf("sequence %s, want 0,1/4,3/4,1", got)
	}
	if got := tp.Scale(100); got != 50 {
		t.Errorf("half of 100 = %d", got)
	}
	half, _ := ParseSegment("0.5")
	if half.String() != "0:1/2" {
		t.Errorf(`"0.5" parsed as %s, want 0:1/2`, half)
	}
}

func TestSegmentParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ seg, seq, want string }{
		{seg: "1/2:1/4", want: "must be below the end"},
		{seg: "0:x", want: `"x" is not a fraction`},
		{seg: "0:3/2", want: "outside 0..1"},
		{seg: "1/3:1/2", seq: "0,1/2,1", want: "is not one of the segments of the sequence 0,1/2,1"},
		{seg: "0:1/2", seq: "0,1/2", want: "must start at 0 and end at 1"},
		{seg: "0:1/2", seq: "0,1/2,1/4,1", want: "does not follow"},
		{seg: "0:1/1000003", seq: "0,1/1000003,1", want: "common denominator"},
	} {
		seg, err := ParseSegment(tc.seg)
		if err == nil {
			var seq []*big.Rat
			if tc.seq != "" {
				seq, err = ParseSequence(tc.seq)
			}
			if err == nil {
				_, err = NewTuple(seg, seq)
			}
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("segment %q sequence %q: error %v, want %q", tc.seg, tc.seq, err, tc.want)
		}
	}
}

func TestApplySegmentAddsUpToTheWholeTest(t *testing.T) {
	t.Parallel()
	raws := []string{
		`{"executor":"constant-vus","vus":7,"duration":"1s"}`,
		`{"executor":"ramping-vus","startVUs":3,"stages":[{"duration":"1s","target":11},{"duration":"1s","target":0}]}`,
		`{"executor":"shared-iterations","vus":5,"iterations":103}`,
		`{"executor":"per-vu-iterations","vus":9,"iterations":4}`,
		`{"executor":"constant-arrival-rate","rate":10,"duration":"1s","preAllocatedVUs":5,"maxVUs":9}`,
	}
	ts := tuples(t, "0,1/3,1/2,1")
	for _, raw := range raws {
		c, err := Parse("s", json.RawMessage(raw))
		if err != nil {
			t.Fatal(err)
		}
		var vus, work int64
		for _, tp := range ts {
			for _, s := range ApplySegment([]Config{c}, tp) {
				if errs := s.Validate(); len(errs) > 0 {
					t.Errorf("%s in %s: %v", raw, tp.Segment, errs)
				}
				switch s := s.(type) {
				case *SharedIterations:
					work += s.Iterations
				case *PerVUIterations:
					work += s.Iterations * s.VUs
				case *RampingVUs:
					work += s.StartVUs + s.Stages[0].Target
				}
				if _, arrival := s.(*ConstantArrivalRate); !arrival {
					vus += s.MaxVUs()
				}
			}
		}
		whole := map[string][2]int64{
			ConstantVUsType: {7, 0}, RampingVUsType: {11, 14}, SharedIterationsType: {5, 103},
			PerVUIterationsType: {9, 36}, ConstantArrivalRateType: {0, 0},
		}[c.Common().Type]
		if vus != whole[0] || work != whole[1] {
			t.Errorf("%s: the segments add up to %d VUs and %d of the work, want %d and %d", raw, vus, work, whole[0], whole[1])
		}
	}
}

// recordingEnv records the iteration numbers an executor starts.
type recordingEnv struct {
	mu    sync.Mutex
	iters []int64
}

type recordingVU struct{ env *recordingEnv }

func (v recordingVU) Iterate(n int64) bool {
	v.env.mu.Lock()
	v.env.iters = append(v.env.iters, n)
	v.env.mu.Unlock()
	return true
}

func (recordingVU) Release() {}

func (e *recordingEnv) Env() Env {
	return Env{
		Acquire: func(context.Context) (VU, error) { return recordingVU{e}, nil },
		Dropped: func(int64) {},
	}
}

func TestArrivalRateSegmentsRunTheirOwnIterations(t *testing.T) {
	t.Parallel()
	raw := `{"executor":"ramping-arrival-rate","startRate":200,"timeUnit":"1s","preAllocatedVUs":4,"stages":[{"duration":"300ms","target":400}]}`
	c, err := Parse("s", json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	whole := &recordingEnv{}
	if err := c.NewExecutor().Run(context.Background(), whole.Env()); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]int{}
	var total int
	for _, tp := range tuples(t, "0,1/3,1") {
		env := &recordingEnv{}
		s := ApplySegment([]Config{c}, tp)[0]
		if err := s.NewExecutor().Run(context.Background(), env.Env()); err != nil {
			t.Fatal(err)
		}
		for _, n := range env.iters {
			if !tp.Owns(n) {
				t.Errorf("segment %s ran iteration %d it does not own", tp.Segment, n)
			}
			seen[n]++
		}
		total += len(env.iters)
	}
	// The last iteration or two may miss the end of the window under
	// load, so the runs are compared within 5 %; the schedule exactly.
	if len(seen) != total || total < len(whole.iters)*95/100 || total > len(whole.iters)*105/100 {
		t.Errorf("the segments ran %d iterations (%d distinct), the whole test %d", total, len(seen), len(whole.iters))
	}
	sched := newRateSchedule(time.Second, 200, []Stage{{Duration(300 * time.Millisecond), 400}})
	var scheduled int64
	for n := int64(0); ; n++ {
		if _, ok := sched.at(n); !ok {
			break
		}
		scheduled++
	}
	var parts int64
	for _, tp := range tuples(t, "0,1/3,1") {
		parts += tp.Scale(scheduled)
	}
	if parts != scheduled {
		t.Errorf("the schedule has %d iterations, its segments %d", scheduled, parts)
	}
	if len(whole.iters) < 60 {
		t.Errorf("the whole test ran %d iterations in 300ms at 200-400/s; want about 90", len(whole.iters))
	}
}
