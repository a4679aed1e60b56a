package assertions

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// boolModifier finds PromQL's bool comparison modifier.
var boolModifier = regexp.MustCompile(`(==|!=|>=|<=|>|<)\s*bool\b`)

// maxRangePoints keeps range queries under Prometheus's 11,000 points per
// series.
const maxRangePoints = 10000

// QueryHolds expects a PromQL expression to hold — return at least one
// series (a filtering comparison such as `x > 0.05`), or a non-zero scalar —
// within Within, and then to go on holding for For without a gap.
type QueryHolds struct {
	Query  string        `json:"query"`
	Within time.Duration `json:"within"`
	For    time.Duration `json:"for"`
	// Since is when time-to-detect counts from (zero: the start).
	Since time.Time `json:"since"`
}

var _ Expectation = QueryHolds{}

func (QueryHolds) Kind() string { return "queryHolds" }

func (e QueryHolds) String() string {
	s := fmt.Sprintf("queryHolds(%s", e.Query)
	if e.For > 0 {
		s += fmt.Sprintf(" for %s", e.For)
	}
	return s + ")"
}

// Evaluate polls the query until it holds, then checks with a range query
// that it held at every step of For.
func (e QueryHolds) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return errorResult(e, err)
	}
	if strings.TrimSpace(e.Query) == "" || e.For < 0 || e.Within < 0 {
		return errorResult(e, fmt.Errorf("%w: queryHolds needs a PromQL query and non-negative within/for", ErrBadExpectation))
	}
	if boolModifier.MatchString(e.Query) {
		return errorResult(e, fmt.Errorf("%w: queryHolds(%s): a query holds when it returns any series, as an alert rule fires; a `bool` comparison returns series (0 or 1) either way, so it would always hold: drop bool", ErrBadExpectation, e.Query))
	}
	r := newResult(e, "prometheus", e.Since)
	p := b.Prometheus
	scalar := false
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		s, err := p.Query(ctx, e.Query, time.Time{})
		o := observation{query: e.Query, err: err, last: values(s)}
		if err != nil {
			o.why = err.Error()
			return o
		}
		scalar = len(s) == 1 && s[0].Labels == nil
		o.held = holds(s)
		o.why = "last value " + describe(s)
		return o
	})
	if r.Status != Pass || e.For == 0 {
		return r
	}
	start := r.HeldAt
	r.stage("held", start)
	end := start.Add(e.For)
	if !r.waitUntil(ctx, end, "for "+e.For.String()+" to pass") {
		return r
	}
	step := max(time.Second, e.For/maxRangePoints)
	series, err := p.QueryRange(ctx, e.Query, start, end, step)
	r.Polls++
	if err != nil {
		r.fail(Error, observation{err: err}, "could not evaluate: "+err.Error())
		return r
	}
	if gap, ok := firstGap(series, scalar, start, end, step); !ok {
		r.fail(Fail, observation{last: r.Last}, fmt.Sprintf("held at %s but not for %s: it stopped holding at %s", start.Format(time.RFC3339), e.For, gap.Format(time.RFC3339)))
		return r
	}
	r.Why = fmt.Sprintf("held for %s from %s; %s", e.For, start.Format(time.RFC3339), r.Why)
	r.Ended = time.Now()
	return r
}

// QueryValue reads a PromQL expression's single value now.
type QueryValue struct {
	Query string `json:"query"`
}

// Value returns the query's one value: ok is false when it returns no
// series; more than one series is an error (aggregate them).
func (e QueryValue) Value(ctx context.Context, b *Backends) (v float64, ok bool, err error) {
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return 0, false, err
	}
	s, err := b.Prometheus.Query(ctx, e.Query, time.Time{})
	if err != nil {
		return 0, false, err
	}
	switch len(s) {
	case 0:
		return 0, false, nil
	case 1:
		return s[0].Value, true, nil
	}
	return 0, false, fmt.Errorf("%w: queryValue(%s) returns %d series; aggregate them (sum, max) to one", ErrBadExpectation, e.Query, len(s))
}

// holds is PromQL truth: a non-empty vector (whatever its values: a
// comparison filters), or a non-zero scalar.
func holds(s []Sample) bool {
	if len(s) == 1 && s[0].Labels == nil {
		return s[0].Value != 0
	}
	return len(s) > 0
}

// firstGap finds the first step in [start, end] where no series has a
// point (for a scalar query: a non-zero point); ok when there is none.
func firstGap(series []Series, scalar bool, start, end time.Time, step time.Duration) (time.Time, bool) {
	have := map[int64]bool{}
	for _, s := range series {
		for _, p := range s.Points {
			if scalar && p.Value == 0 {
				continue
			}
			have[p.Time.Unix()] = true
		}
	}
	for t := start; !t.After(end); t = t.Add(step) {
		if !have[t.Unix()] {
			return t, false
		}
	}
	return time.Time{}, true
}

// values is what the samples say, for Result.Last.
func values(s []Sample) any {
	switch len(s) {
	case 0:
		return nil
	case 1:
		return s[0].Value
	}
	out := make(map[string]float64, len(s))
	for _, x := range s {
		out[labelString(x.Labels)] = x.Value
	}
	return out
}

// describe is a query result in words.
func describe(s []Sample) string {
	switch len(s) {
	case 0:
		return "empty (no series)"
	case 1:
		return fmt.Sprintf("%g %s", s[0].Value, labelString(s[0].Labels))
	}
	parts := make([]string, 0, min(len(s), 5))
	for _, x := range s[:min(len(s), 5)] {
		parts = append(parts, fmt.Sprintf("%g %s", x.Value, labelString(x.Labels)))
	}
	if len(s) > 5 {
		parts = append(parts, fmt.Sprintf("and %d more", len(s)-5))
	}
	return fmt.Sprintf("%d series: %s", len(s), strings.Join(parts, "; "))
}
