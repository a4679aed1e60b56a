package assertions

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// lookupWorkers bounds the trace lookups tracesSampled runs at once.
const lookupWorkers = 4

// missingShown is how many missing ids the report lists.
const missingShown = 20

// TracesSampled expects the fraction of TraceIDs the backend holds,
// after waiting Within for them to arrive, to be within Ratio ±
// Tolerance: head sampling at Ratio keeps about that share of the
// traces. A zero Tolerance is three standard deviations of the sampled
// fraction, √(Ratio·(1−Ratio)/n), so a pipeline that samples at Ratio
// fails by chance about 0.3% of the time (at Ratio 1 or 0 that is
// exact). The wait ends early when its outcome is already known: every
// id found, or more found than the band allows.
type TracesSampled struct {
	TraceIDs  []string      `json:"traceIds"`
	Ratio     float64       `json:"ratio"`
	Tolerance float64       `json:"tolerance"`
	Within    time.Duration `json:"within"`
}

var _ Expectation = TracesSampled{}

func (TracesSampled) Kind() string { return "tracesSampled" }

func (e TracesSampled) String() string {
	return fmt.Sprintf("tracesSampled(%d traces, ratio %g ± %g)", len(e.TraceIDs), e.Ratio, e.Tolerance)
}

// SampledReport is what tracesSampled found (Result.Details).
type SampledReport struct {
	// Sent counts the distinct ids asked about; Duplicates the ids
	// given more than once.
	Sent       int `json:"sent"`
	Duplicates int `json:"duplicates,omitempty"`
	Found      int `json:"found"`
	Missing    int `json:"missing"`
	// Fraction is Found/Sent; the band is [Low, High].
	Fraction float64 `json:"fraction"`
	Ratio    float64 `json:"ratio"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	// Sigma is the standard deviation of the fraction when sampling at
	// Ratio; ChanceOutside the probability that such sampling lands
	// outside the band anyway (binomial).
	Sigma         float64 `json:"sigma"`
	ChanceOutside float64 `json:"chanceOutside"`
	// MissingIDs are the first missing ids.
	MissingIDs []string `json:"missingIds,omitempty"`
}

// Evaluate looks the ids up until all are found, the fraction is over
// the band, or Within passes, and judges the fraction then.
func (e TracesSampled) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Traces != nil, "traces"); err != nil {
		return errorResult(e, err)
	}
	ids, rep, err := e.check()
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, b.Traces.Kind(), time.Time{})
	found := map[string]bool{}
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		query, err := lookupMissing(ctx, b.Traces, ids, found)
		rep.count(ids, found)
		o := observation{query: query, last: rep.Fraction, err: err, why: rep.text()}
		// Done early: nothing can change, or more than the band allows
		// already arrived. Otherwise wait out Within.
		o.held = err == nil && (rep.Missing == 0 || rep.above())
		return o
	})
	r.Details = rep
	if r.Status == Error {
		return r
	}
	o := observation{last: rep.Fraction, query: r.Query}
	if rep.below() || rep.above() {
		r.fail(Fail, o, rep.text()+": "+rep.side())
		return r
	}
	r.settle(observation{last: rep.Fraction, why: rep.text()})
	return r
}

// check validates e and starts the report.
func (e TracesSampled) check() ([]string, *SampledReport, error) {
	var errs []error
	if len(e.TraceIDs) == 0 {
		errs = append(errs, fmt.Errorf("%w: tracesSampled needs traceIds: the ids of the calls made", ErrBadExpectation))
	}
	if e.Ratio < 0 || e.Ratio > 1 || math.IsNaN(e.Ratio) {
		errs = append(errs, fmt.Errorf("%w: tracesSampled: ratio %g is outside [0, 1]", ErrBadExpectation, e.Ratio))
	}
	if e.Tolerance < 0 || math.IsNaN(e.Tolerance) {
		errs = append(errs, fmt.Errorf("%w: tracesSampled: tolerance %g is negative", ErrBadExpectation, e.Tolerance))
	}
	if e.Within < 0 {
		errs = append(errs, fmt.Errorf("%w: tracesSampled: within must not be negative", ErrBadExpectation))
	}
	norm, err := normalizeTraceIDs(e.TraceIDs)
	errs = append(errs, err)
	if err := joinErrs(errs); err != nil {
		return nil, nil, err
	}
	ids := dedupe(norm)
	n := float64(len(ids))
	rep := &SampledReport{Sent: len(ids), Duplicates: len(norm) - len(ids), Ratio: e.Ratio, Sigma: math.Sqrt(e.Ratio * (1 - e.Ratio) / n)}
	tol := e.Tolerance
	if tol == 0 {
		tol = 3 * rep.Sigma
	}
	rep.Low, rep.High = max(e.Ratio-tol, 0), min(e.Ratio+tol, 1)
	rep.ChanceOutside = binomialOutside(len(ids), e.Ratio, rep.Low, rep.High)
	return ids, rep, nil
}

// lookupMissing looks up the ids not yet found, a few at a time, and
// marks those that are. It returns the lookup made, with "{id}" for the
// id, and the first error met.
func lookupMissing(ctx context.Context, tr Traces, ids []string, found map[string]bool) (string, error) {
	var (
		mu    sync.Mutex
		first error
		query string
		wg    sync.WaitGroup
	)
	work := make(chan string)
	for range lookupWorkers {
		wg.Go(func() {
			for id := range work {
				t, err := tr.GetTrace(ctx, id)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if err == nil {
					found[id] = found[id] || t.Found()
					query = strings.ReplaceAll(t.Query, id, "{id}")
				}
				mu.Unlock()
			}
		})
	}
	for _, id := range ids {
		mu.Lock()
		done := found[id] || first != nil
		mu.Unlock()
		if !done {
			work <- id
		}
	}
	close(work)
	wg.Wait()
	return query, first
}

// count fills in the counts from found.
func (rep *SampledReport) count(ids []string, found map[string]bool) {
	rep.Found, rep.MissingIDs = 0, nil
	for _, id := range ids {
		if found[id] {
			rep.Found++
		} else if len(rep.MissingIDs) < missingShown {
			rep.MissingIDs = append(rep.MissingIDs, id)
		}
	}
	rep.Missing = rep.Sent - rep.Found
	rep.Fraction = float64(rep.Found) / float64(rep.Sent)
}

// bandEps absorbs float rounding at the band's edges (0.3+0.1).
const bandEps = 1e-9

func (rep *SampledReport) above() bool { return rep.Fraction > rep.High+bandEps }
func (rep *SampledReport) below() bool { return rep.Fraction < rep.Low-bandEps }

// text is the finding in words.
func (rep *SampledReport) text() string {
	return fmt.Sprintf("found %d of %d traces (%.3f, %d missing), want %.3f to %.3f", rep.Found, rep.Sent, rep.Fraction, rep.Missing, rep.Low, rep.High)
}

// side explains a fraction outside the band.
func (rep *SampledReport) side() string {
	what := "fewer traces arrived than sampling at %g keeps"
	if rep.above() {
		what = "more traces arrived than sampling at %g keeps"
	}
	s := fmt.Sprintf(what, rep.Ratio)
	if rep.Sigma > 0 {
		s += fmt.Sprintf(" (σ = %.3f for %d traces; a pipeline sampling at %g lands outside this band by chance %.2g%% of the time)", rep.Sigma, rep.Sent, rep.Ratio, 100*rep.ChanceOutside)
	}
	return s
}

// binomialOutside is P(k/n outside [lo, hi]) for k ~ Binomial(n, p).
func binomialOutside(n int, p, lo, hi float64) float64 {
	if p <= 0 || p >= 1 {
		if f := p; f < lo || f > hi {
			return 1
		}
		return 0
	}
	inside := 0.0
	lgn, _ := math.Lgamma(float64(n + 1))
	for k := 0; k <= n; k++ {
		f := float64(k) / float64(n)
		if f < lo-bandEps || f > hi+bandEps {
			continue
		}
		lgk, _ := math.Lgamma(float64(k + 1))
		lgr, _ := math.Lgamma(float64(n - k + 1))
		inside += math.Exp(lgn - lgk - lgr + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	return math.Max(0, 1-inside)
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
