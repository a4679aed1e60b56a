package assertions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/api"
	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// epRules is Prometheus's rules API, read directly for the fields
// client_golang's RulesResult lacks (keepFiringFor).
const epRules = "/api/v1/rules"

// Prometheus queries a Prometheus-compatible server through
// client_golang's v1 API.
type Prometheus struct {
	ep  *endpoint
	api v1.API

	mu        sync.Mutex
	intervals map[string]time.Duration // alerting rule → its group's interval
}

// newPrometheus builds the v1 API client on ep's URL, headers and client.
func newPrometheus(ep *endpoint) (*Prometheus, error) {
	hc := *ep.hc
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc.Transport = headerTransport{header: ep.header, base: base}
	c, err := api.NewClient(api.Config{Address: ep.base.String(), Client: &hc})
	if err != nil {
		return nil, fmt.Errorf("backends.prometheus.url: %w", err)
	}
	return &Prometheus{ep: ep, api: v1.NewAPI(c)}, nil
}

// URL is the server's base URL.
func (p *Prometheus) URL() string { return p.ep.base.String() }

// Sample is one series' value at one time. Labels is nil for a scalar
// result and non-nil (maybe empty) for a vector's sample.
type Sample struct {
	Labels map[string]string `json:"labels"`
	Value  float64           `json:"value"`
	Time   time.Time         `json:"time"`
}

// Series is one series over a range.
type Series struct {
	Labels map[string]string `json:"labels"`
	Points []Point           `json:"points"`
}

// Point is one value of a Series.
type Point struct {
	Time  time.Time `json:"time"`
	Value float64   `json:"value"`
}

// Query runs an instant query at at (zero: now). A scalar result is one
// sample without labels.
func (p *Prometheus) Query(ctx context.Context, q string, at time.Time) ([]Sample, error) {
	if at.IsZero() {
		at = time.Now()
	}
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	v, _, _, err := p.api.Query(ctx, q, at)
	if err != nil {
		return nil, p.apiError("query", url.Values{"query": {q}}, err)
	}
	switch v := v.(type) {
	case model.Vector:
		out := make([]Sample, 0, len(v))
		for _, s := range v {
			out = append(out, Sample{Labels: labelMap(s.Metric), Value: float64(s.Value), Time: s.Timestamp.Time()})
		}
		sortSamples(out)
		return out, nil
	case *model.Scalar:
		// A scalar is the one sample with nil labels (a vector's samples
		// have a map, empty when aggregated away: `max(x) == 0`).
		return []Sample{{Value: float64(v.Value), Time: v.Timestamp.Time()}}, nil
	}
	return nil, &APIError{Backend: "prometheus", Type: ErrRejected, URL: p.ep.url("/api/v1/query", url.Values{"query": {q}}), Msg: fmt.Sprintf("query %q returns a %s; an expectation needs an instant vector or a scalar", q, v.Type())}
}

// QueryRange runs a range query from start to end at step.
func (p *Prometheus) QueryRange(ctx context.Context, q string, start, end time.Time, step time.Duration) ([]Series, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	v, _, _, err := p.api.QueryRange(ctx, q, v1.Range{Start: start, End: end, Step: step})
	if err != nil {
		return nil, p.apiError("query_range", url.Values{"query": {q}}, err)
	}
	m, ok := v.(model.Matrix)
	if !ok {
		return nil, &APIError{Backend: "prometheus", Type: ErrBadResponse, URL: p.ep.url("/api/v1/query_range", nil), Msg: "range query answered with a " + v.Type().String()}
	}
	out := seriesOf(m)
	sort.Slice(out, func(i, j int) bool { return labelString(out[i].Labels) < labelString(out[j].Labels) })
	return out, nil
}

// seriesOf converts a matrix.
func seriesOf(m model.Matrix) []Series {
	out := make([]Series, 0, len(m))
	for _, s := range m {
		ser := Series{Labels: labelMap(s.Metric)}
		for _, pt := range s.Values {
			ser.Points = append(ser.Points, Point{Time: pt.Timestamp.Time(), Value: float64(pt.Value)})
		}
		out = append(out, ser)
	}
	return out
}

// Alerts lists the alerts Prometheus holds now (pending and firing).
func (p *Prometheus) Alerts(ctx context.Context) ([]v1.Alert, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	r, err := p.api.Alerts(ctx)
	if err != nil {
		return nil, p.apiError("alerts", nil, err)
	}
	return r.Alerts, nil
}

// AlertRule is an alerting rule as the rules API describes it.
type AlertRule struct {
	Name  string `json:"name"`
	Query string `json:"query"`
	// For and KeepFiringFor are the rule's durations; Interval its
	// group's evaluation interval.
	For           time.Duration `json:"-"`
	KeepFiringFor time.Duration `json:"-"`
	Interval      time.Duration `json:"-"`
	Labels        map[string]string
	Health        string `json:"health"`
	LastError     string `json:"lastError"`
}

// AlertRules lists the alerting rules Prometheus evaluates.
func (p *Prometheus) AlertRules(ctx context.Context) ([]AlertRule, error) {
	var doc struct {
		Status string `json:"status"`
		Data   struct {
			Groups []struct {
				Interval float64 `json:"interval"`
				Rules    []struct {
					Type          string            `json:"type"`
					Name          string            `json:"name"`
					Query         string            `json:"query"`
					Duration      float64           `json:"duration"`
					KeepFiringFor float64           `json:"keepFiringFor"`
					Labels        map[string]string `json:"labels"`
					Health        string            `json:"health"`
					LastError     string            `json:"lastError"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	if err := p.ep.getJSON(ctx, epRules, url.Values{"type": {"alert"}}, &doc); err != nil {
		return nil, err
	}
	var out []AlertRule
	intervals := map[string]time.Duration{}
	for _, g := range doc.Data.Groups {
		for _, r := range g.Rules {
			if r.Type != "alerting" {
				continue
			}
			iv := seconds(g.Interval)
			out = append(out, AlertRule{Name: r.Name, Query: r.Query, For: seconds(r.Duration), KeepFiringFor: seconds(r.KeepFiringFor), Interval: iv, Labels: r.Labels, Health: r.Health, LastError: r.LastError})
			intervals[r.Name] = max(intervals[r.Name], iv)
		}
	}
	p.mu.Lock()
	p.intervals = intervals
	p.mu.Unlock()
	return out, nil
}

// evalInterval is the evaluation interval of the alerting rule named
// alert, from the rules API (read again for a rule not seen yet); zero
// when it cannot be known.
func (p *Prometheus) evalInterval(ctx context.Context, alert string) time.Duration {
	p.mu.Lock()
	iv, ok := p.intervals[alert]
	p.mu.Unlock()
	if ok {
		return iv
	}
	if _, err := p.AlertRules(ctx); err != nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.intervals[alert]
}

// AlertRule returns the alerting rule named name (ok false: none).
func (p *Prometheus) AlertRule(ctx context.Context, name string) (AlertRule, bool, error) {
	rules, err := p.AlertRules(ctx)
	if err != nil {
		return AlertRule{}, false, err
	}
	for _, r := range rules {
		if r.Name == name {
			return r, true, nil
		}
	}
	return AlertRule{}, false, nil
}

// apiError turns client_golang's errors into an *APIError.
func (p *Prometheus) apiError(op string, q url.Values, err error) error {
	u := p.ep.url("/api/v1/"+op, q)
	var pe *v1.Error
	if !errors.As(err, &pe) {
		return transportError("prometheus", u, err)
	}
	ae := &APIError{Backend: "prometheus", URL: u, Msg: pe.Msg, Err: err}
	switch pe.Type {
	case v1.ErrBadData, v1.ErrExec, v1.ErrClient:
		ae.Type, ae.Status = ErrRejected, http.StatusBadRequest
	case v1.ErrBadResponse:
		ae.Type = ErrBadResponse
	case v1.ErrCanceled:
		ae.Type = ErrUnreachable
	default:
		ae.Type, ae.Status = ErrServer, http.StatusServiceUnavailable
	}
	if pe.Detail != "" && ae.Type != ErrRejected {
		ae.Msg += ": " + strings.TrimSpace(pe.Detail)
	}
	return ae
}

// headerTransport adds the endpoint's headers to every request.
type headerTransport struct {
	header http.Header
	base   http.RoundTripper
}

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if len(t.header) > 0 {
		r = r.Clone(r.Context())
		for k, v := range t.header {
			r.Header[k] = v
		}
	}
	return t.base.RoundTrip(r)
}

func labelMap(m model.Metric) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[string(k)] = string(v)
	}
	return out
}

// labelString is {a="1", b="2"}, sorted, for messages and ordering.
func labelString(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func sortSamples(s []Sample) {
	sort.Slice(s, func(i, j int) bool { return labelString(s[i].Labels) < labelString(s[j].Labels) })
}

func seconds(f float64) time.Duration {
	if math.IsNaN(f) || f <= 0 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}
