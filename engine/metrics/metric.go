package metrics

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// Metric is one named metric of a run. The Registry creates it; Sink
// aggregates every sample of it, and each Submetric aggregates the samples
// whose tags match its filter (k6's `name{tag:value}` for thresholds).
type Metric struct {
	Name     string
	Type     Type
	Contains ValueType

	mu         sync.Mutex
	sink       Sink
	submetrics []*Submetric
	observed   bool
}

// Submetric is the part of a metric whose samples carry all of Tags.
type Submetric struct {
	Name   string // e.g. `http_req_duration{status:200}`
	Parent *Metric
	Tags   *TagSet
	sink   Sink
}

// Sink returns a snapshot-safe view of the submetric's aggregate.
func (s *Submetric) Sink() Sink { return s.sink }

// Add records a sample's value in the metric's sink and in each submetric
// whose filter matches the sample's tags. Safe for concurrent use.
func (m *Metric) Add(s Sample) {
	m.mu.Lock()
	m.observed = true
	m.sink.Add(s)
	for _, sub := range m.submetrics {
		if s.Tags.Contains(sub.Tags) {
			sub.sink.Add(s)
		}
	}
	m.mu.Unlock()
}

// Observed reports whether any sample has been added.
func (m *Metric) Observed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.observed
}

// Snapshot returns copies of the metric's aggregate and its submetrics',
// so formatting and threshold evaluation need no lock.
func (m *Metric) Snapshot() (Sink, map[string]Sink) {
	m.mu.Lock()
	defer m.mu.Unlock()
	subs := make(map[string]Sink, len(m.submetrics))
	for _, s := range m.submetrics {
		subs[s.Name] = s.sink.Clone()
	}
	return m.sink.Clone(), subs
}

// Submetric returns (creating once) the submetric for the given filter.
func (m *Metric) Submetric(tags *TagSet) *Submetric {
	name := m.Name + "{" + tags.String() + "}"
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.submetrics {
		if s.Name == name {
			return s
		}
	}
	s := &Submetric{Name: name, Parent: m, Tags: tags, sink: NewSink(m.Type)}
	m.submetrics = append(m.submetrics, s)
	return s
}

// Submetrics returns the metric's submetrics in creation order.
func (m *Metric) Submetrics() []*Submetric {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Submetric(nil), m.submetrics...)
}

// k6 accepts metric names of ASCII letters, digits and underscores, not
// starting with a digit, at most 128 characters.
var nameRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]{0,127}$`)

// Registry holds the metrics of one run. Safe for concurrent use.
type Registry struct {
	mu      sync.Mutex
	metrics map[string]*Metric
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{metrics: make(map[string]*Metric)}
}

// NewMetric returns the metric of that name, creating it if needed. Asking
// again for the same name with the same type returns the same metric; a
// different type or value type is an error, as in k6.
func (r *Registry) NewMetric(name string, typ Type, contains ...ValueType) (*Metric, error) {
	if !nameRE.MatchString(name) {
		return nil, fmt.Errorf("invalid metric name %q: use 1-128 ASCII letters, digits and underscores, not starting with a digit", name)
	}
	if typ < Counter || typ > Trend {
		return nil, fmt.Errorf("metric %q: invalid type %v", name, typ)
	}
	vt := Default
	if len(contains) > 0 {
		vt = contains[0]
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if m, ok := r.metrics[name]; ok {
		if m.Type != typ || m.Contains != vt {
			return nil, fmt.Errorf("metric %q already exists as a %s of %s values; it cannot be redefined as a %s of %s values", name, m.Type, m.Contains, typ, vt)
		}
		return m, nil
	}
	m := &Metric{Name: name, Type: typ, Contains: vt, sink: NewSink(typ)}
	r.metrics[name] = m
	return m, nil
}

// Get returns the metric of that name, or nil.
func (r *Registry) Get(name string) *Metric {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.metrics[name]
}

// All returns every metric, sorted by name.
func (r *Registry) All() []*Metric {
	r.mu.Lock()
	out := make([]*Metric, 0, len(r.metrics))
	for _, m := range r.metrics {
		out = append(out, m)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
