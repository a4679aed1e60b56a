package executor

import (
	"fmt"
	"math/big"
	"strings"
)

// maxStripe bounds the least common denominator of a segment sequence: a
// stripe holds one entry per position.
const maxStripe = 1_000_000

// Segment is one execution segment (From, To] of the whole test, as k6's
// --execution-segment gives it: fractions of 0..1.
type Segment struct {
	From, To *big.Rat
}

// String renders the segment as k6 writes it, e.g. "0:1/2".
func (s Segment) String() string { return ratString(s.From) + ":" + ratString(s.To) }

// ParseSegment reads "FROM:TO" (fractions "1/3", decimals "0.5" or
// percentages "50%"); a single value "TO" means "0:TO", as in k6.
func ParseSegment(s string) (Segment, error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		from, to = "0", from
	}
	f, err := parseFraction(from)
	if err != nil {
		return Segment{}, fmt.Errorf("execution segment %q: %w", s, err)
	}
	t, err := parseFraction(to)
	if err != nil {
		return Segment{}, fmt.Errorf("execution segment %q: %w", s, err)
	}
	if f.Cmp(t) >= 0 {
		return Segment{}, fmt.Errorf("execution segment %q: the start %s must be below the end %s", s, ratString(f), ratString(t))
	}
	return Segment{From: f, To: t}, nil
}

// ParseSequence reads k6's --execution-segment-sequence, e.g.
// "0,1/4,1/2,1": ascending fractions from 0 to 1 whose neighbours are the
// segments of all instances.
func ParseSequence(s string) ([]*big.Rat, error) {
	var seq []*big.Rat
	for _, part := range strings.Split(s, ",") {
		r, err := parseFraction(part)
		if err != nil {
			return nil, fmt.Errorf("execution segment sequence %q: %w", s, err)
		}
		if n := len(seq); n > 0 && seq[n-1].Cmp(r) >= 0 {
			return nil, fmt.Errorf("execution segment sequence %q: %s does not follow %s; list ascending fractions", s, ratString(r), ratString(seq[n-1]))
		}
		seq = append(seq, r)
	}
	if len(seq) < 2 || seq[0].Sign() != 0 || seq[len(seq)-1].Cmp(big.NewRat(1, 1)) != 0 {
		return nil, fmt.Errorf("execution segment sequence %q: it must start at 0 and end at 1, e.g. 0,1/2,1", s)
	}
	return seq, nil
}

func parseFraction(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	pct := strings.HasSuffix(s, "%")
	r, ok := new(big.Rat).SetString(strings.TrimSuffix(s, "%"))
	if !ok {
		return nil, fmt.Errorf("%q is not a fraction: use 1/3, 0.5 or 50%%", s)
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("%s is outside 0..1", s)
	}
	return r, nil
}

func ratString(r *big.Rat) string { return r.RatString() }

// Tuple is this instance's segment within the sequence of all segments.
// It splits every whole-test number (VUs, iterations) and the iterations
// of an arrival-rate schedule between the segments exactly: the lowest
// common denominator L of the segment lengths defines a stripe of L
// positions, each segment owns length·L of them, and position p of every
// number (or iteration p of a schedule) belongs to the owner of p mod L.
// The positions are dealt one by one to the segment furthest behind its
// share ((p+1)·length − owned so far; ties to the earlier segment), so a
// segment's positions are spread evenly over the stripe and, at the end
// of each stripe, every segment owns exactly its share. The shares of
// all segments therefore add up to the whole number, for every number.
type Tuple struct {
	Segment  Segment
	Sequence []*big.Rat
	stripe   int64   // L
	owned    []int64 // this segment's positions in the stripe, ascending
	owns     []bool  // by position
}

// NewTuple places seg in seq. A nil seq means the sequence of seg and
// its complements (0, from, to, 1), as k6 does without
// --execution-segment-sequence; seg must be one of seq's segments.
func NewTuple(seg Segment, seq []*big.Rat) (*Tuple, error) {
	if seq == nil {
		seq = []*big.Rat{new(big.Rat)}
		for _, r := range []*big.Rat{seg.From, seg.To, big.NewRat(1, 1)} {
			if r.Cmp(seq[len(seq)-1]) > 0 {
				seq = append(seq, r)
			}
		}
	}
	index := -1
	for i := 0; i+1 < len(seq); i++ {
		if seq[i].Cmp(seg.From) == 0 && seq[i+1].Cmp(seg.To) == 0 {
			index = i
		}
	}
	if index < 0 {
		return nil, fmt.Errorf("execution segment %s is not one of the segments of the sequence %s: give neighbouring values of the sequence, e.g. %s:%s", seg, SequenceString(seq), ratString(seq[0]), ratString(seq[1]))
	}
	lcd := big.NewInt(1)
	for i := 0; i+1 < len(seq); i++ {
		d := new(big.Rat).Sub(seq[i+1], seq[i]).Denom()
		g := new(big.Int).GCD(nil, nil, lcd, d)
		lcd.Mul(lcd, new(big.Int).Quo(d, g))
		if lcd.Cmp(big.NewInt(maxStripe)) > 0 {
			return nil, fmt.Errorf("execution segment sequence %s: its common denominator passes %d; use simpler fractions", SequenceString(seq), maxStripe)
		}
	}
	t := &Tuple{Segment: seg, Sequence: seq, stripe: lcd.Int64()}
	t.owned = stripeOwner(seq, t.stripe, index)
	t.owns = make([]bool, t.stripe)
	for _, p := range t.owned {
		t.owns[p] = true
	}
	return t, nil
}

// stripeOwner deals the stripe's positions to the segments and returns
// those of segment index.
func stripeOwner(seq []*big.Rat, stripe int64, index int) []int64 {
	n := len(seq) - 1
	share := make([]int64, n) // positions per stripe
	for i := range share {
		l := new(big.Rat).Sub(seq[i+1], seq[i])
		l.Mul(l, new(big.Rat).SetInt64(stripe))
		share[i] = l.Num().Int64() // an integer: stripe is a multiple of the denominator
	}
	got := make([]int64, n)
	var mine []int64
	for p := range stripe {
		best, bestDeficit := 0, int64(-1<<62)
		for i := range share {
			// (p+1)·share/stripe − got, scaled by stripe
			if d := (p+1)*share[i] - got[i]*stripe; d > bestDeficit {
				best, bestDeficit = i, d
			}
		}
		got[best]++
		if best == index {
			mine = append(mine, p)
		}
	}
	return mine
}

// Scale returns this segment's part of a whole-test number n: how many of
// the positions 0..n-1 it owns. The parts of all segments add up to n.
func (t *Tuple) Scale(n int64) int64 {
	if t == nil || n <= 0 {
		return max(n, 0)
	}
	whole, rest := n/t.stripe, n%t.stripe
	c := whole * int64(len(t.owned))
	for _, p := range t.owned {
		if p >= rest {
			break
		}
		c++
	}
	return c
}

// Owns reports whether iteration i (0-based, of the whole test's
// schedule) runs in this segment.
func (t *Tuple) Owns(i int64) bool {
	if t == nil {
		return true
	}
	return t.owns[i%t.stripe]
}

// String renders the tuple as the two flags would give it.
func (t *Tuple) String() string {
	return t.Segment.String() + " of " + SequenceString(t.Sequence)
}

// SequenceString renders a sequence as k6 writes it, e.g. "0,1/2,1".
func SequenceString(seq []*big.Rat) string {
	parts := make([]string, len(seq))
	for i, r := range seq {
		parts[i] = ratString(r)
	}
	return strings.Join(parts, ",")
}
