package assertions

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/common/model"
)

// Occurrence is one stretch of an alert's activity for one label set, as
// Prometheus recorded it in its ALERTS series: from the first sample
// (pending, or firing for rules without `for`) to the last. Prometheus
// writes a sample at every rule evaluation while the alert is active, so
// an alert that fired and resolved between two polls is still seen, at
// the rule evaluation's own timestamps.
type Occurrence struct {
	// Labels are the alert's labels (alertname included, alertstate not).
	Labels map[string]string `json:"labels"`
	// ActiveAt is the first sample: the alert's activeAt.
	ActiveAt time.Time `json:"activeAt"`
	// FiringAt is the first firing sample (zero: it never fired).
	FiringAt time.Time `json:"firingAt,omitzero"`
	// LastSeen is the last sample; Ongoing says it is recent enough that
	// the alert is still active at the end of the window.
	LastSeen time.Time `json:"lastSeen"`
	Ongoing  bool      `json:"ongoing"`
	// Interval is the rule's evaluation interval (one sample each).
	Interval time.Duration `json:"intervalNs"`
}

// Gap is the silence that ends an occurrence: three evaluations.
func (o Occurrence) Gap() time.Duration { return max(minGap, 3*o.Interval) }

// EndedAt is when Prometheus stopped holding the alert, to one
// evaluation (zero while it is ongoing).
func (o Occurrence) EndedAt() time.Time {
	if o.Ongoing {
		return time.Time{}
	}
	return o.LastSeen.Add(o.Interval)
}

// covers reports whether t (an Alertmanager startsAt, a notification)
// falls within the occurrence, give or take its gap: Prometheus's first
// evaluations after a start may be missing from its ALERTS series.
func (o Occurrence) covers(t time.Time) bool {
	return !t.Before(o.ActiveAt.Add(-o.Gap())) && (o.Ongoing || !t.After(o.LastSeen.Add(o.Gap())))
}

// minGap is the shortest silence that splits two occurrences; the real
// threshold is three rule evaluations.
const minGap = 3 * time.Second

// AlertHistory returns the occurrences of the alerts whose labels match
// matchers (alertname among them, usually) between from and to, ordered
// by ActiveAt.
func (p *Prometheus) AlertHistory(ctx context.Context, matchers map[string]string, from, to time.Time) ([]Occurrence, error) {
	sel, err := selector("ALERTS", matchers)
	if err != nil {
		return nil, err
	}
	series, err := p.RawSamples(ctx, sel, from, to)
	if err != nil {
		return nil, err
	}
	type acc struct {
		labels map[string]string
		times  []time.Time
		firing map[int64]bool
	}
	byKey := map[string]*acc{}
	for _, s := range series {
		labels := map[string]string{}
		for k, v := range s.Labels {
			if k != "alertstate" && k != model.MetricNameLabel {
				labels[k] = v
			}
		}
		key := labelString(labels)
		a := byKey[key]
		if a == nil {
			a = &acc{labels: labels, firing: map[int64]bool{}}
			byKey[key] = a
		}
		for _, pt := range s.Points {
			a.times = append(a.times, pt.Time)
			if s.Labels["alertstate"] == "firing" {
				a.firing[pt.Time.UnixMilli()] = true
			}
		}
	}
	var out []Occurrence
	for _, a := range byKey {
		sort.Slice(a.times, func(i, j int) bool { return a.times[i].Before(a.times[j]) })
		iv := p.intervalOf(ctx, a.labels["alertname"], a.times)
		gap := max(minGap, 3*iv)
		var cur *Occurrence
		for i, t := range a.times {
			if cur == nil || t.Sub(a.times[i-1]) > gap {
				out = append(out, Occurrence{Labels: a.labels, ActiveAt: t, Interval: iv})
				cur = &out[len(out)-1]
			}
			cur.LastSeen = t
			if a.firing[t.UnixMilli()] && cur.FiringAt.IsZero() {
				cur.FiringAt = t
			}
		}
		if cur != nil {
			cur.Ongoing = to.Sub(cur.LastSeen) <= gap
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ActiveAt.Before(out[j].ActiveAt) })
	return out, nil
}

// intervalOf is the alert's rule evaluation interval (rules API), or
// else the usual spacing of its samples.
func (p *Prometheus) intervalOf(ctx context.Context, alert string, ts []time.Time) time.Duration {
	if iv := p.evalInterval(ctx, alert); iv > 0 {
		return iv
	}
	d := make([]time.Duration, 0, len(ts))
	for i := 1; i < len(ts); i++ {
		if x := ts[i].Sub(ts[i-1]); x > 0 {
			d = append(d, x)
		}
	}
	if len(d) == 0 {
		return defaultEvalInterval
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

// defaultEvalInterval is Prometheus's global evaluation_interval default
// would the rules API not say.
const defaultEvalInterval = 15 * time.Second

// RawSamples returns the samples Prometheus stored for selector in
// (from, to], at their own timestamps (an instant query of a range
// vector), not resampled at steps.
func (p *Prometheus) RawSamples(ctx context.Context, selector string, from, to time.Time) ([]Series, error) {
	r := to.Sub(from)
	if r < time.Millisecond {
		return nil, nil
	}
	q := fmt.Sprintf("%s[%dms]", selector, r.Milliseconds())
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	v, _, _, err := p.api.Query(ctx, q, to)
	if err != nil {
		return nil, p.apiError("query", url.Values{"query": {q}}, err)
	}
	m, ok := v.(model.Matrix)
	if !ok {
		return nil, &APIError{Backend: "prometheus", Type: ErrBadResponse, URL: p.ep.url("/api/v1/query", url.Values{"query": {q}}), Msg: "a range-vector query answered with a " + v.Type().String()}
	}
	return seriesOf(m), nil
}

var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// selector is metric{k="v", ...} with every value quoted safely; a label
// name that is not one is an ErrBadExpectation.
func selector(metric string, matchers map[string]string) (string, error) {
	keys := make([]string, 0, len(matchers))
	for k := range matchers {
		if !labelName.MatchString(k) {
			return "", fmt.Errorf("%w: label name %q: use letters, digits and underscores", ErrBadExpectation, k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%s", k, promString(matchers[k]))
	}
	return metric + "{" + strings.Join(parts, ", ") + "}", nil
}

// promString quotes s as a PromQL string literal.
func promString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// subset reports whether every label of want is in have with its value.
func subset(want, have map[string]string) bool {
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}
