package summary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// PartFormat names the mergeable summary format (--summary-part).
const PartFormat = "mcpchaos-summary-part/v1"

// Part is the mergeable summary one instance writes (`mcpchaos run
// --summary-part FILE`) and `mcpchaos summary merge` reads: every
// metric's aggregate as it is (counters' sums, rates' trues and totals,
// gauges, trends' exact values or sketch; see metrics.Merge), each
// submetric with its tag filter, the checks' passes and fails by group,
// the thresholds as the script defined them, the run's duration and its
// execution segment. JSON:
//
//	{"format": "mcpchaos-summary-part/v1", "segment": "0:1/2", "sequence": "0,1/2,1",
//	 "elapsedMs": 10012.5, "options": {"summaryTrendStats": [...], "summaryTimeUnit": ""},
//	 "thresholds": {"mcp_request_errors": [{"threshold": "rate<0.05", "abortOnFail": true}]},
//	 "metrics": [{"name": "iterations", "type": "counter", "contains": "default",
//	              "sink": {"value": 500, "count": 500},
//	              "submetrics": [{"tags": {"scenario": "a"}, "sink": {...}}]}],
//	 "root_group": {"name": "", "groups": [...], "checks": [{"name": "ok", "passes": 10, "fails": 0}]}}
type Part struct {
	Format     string                         `json:"format"`
	Segment    string                         `json:"segment,omitempty"`
	Sequence   string                         `json:"sequence,omitempty"`
	ElapsedMs  float64                        `json:"elapsedMs"`
	Options    PartOptions                    `json:"options"`
	Thresholds map[string][]thresholds.Config `json:"thresholds,omitempty"`
	Metrics    []PartMetric                   `json:"metrics"`
	RootGroup  PartGroup                      `json:"root_group"`

	// Source names the part in errors (its file); not written.
	Source string `json:"-"`
}

// PartOptions are the summary options of the run.
type PartOptions struct {
	SummaryTrendStats []string `json:"summaryTrendStats,omitempty"`
	SummaryTimeUnit   string   `json:"summaryTimeUnit,omitempty"`
}

// PartMetric is one metric's aggregate and its submetrics'.
type PartMetric struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Contains   string          `json:"contains"`
	Sink       json.RawMessage `json:"sink"`
	Submetrics []PartSubmetric `json:"submetrics,omitempty"`
}

// PartSubmetric is the aggregate of the samples matching Tags.
type PartSubmetric struct {
	Tags map[string]string `json:"tags"`
	Sink json.RawMessage   `json:"sink"`
}

// PartGroup is a group with its checks' counts.
type PartGroup struct {
	Name   string      `json:"name"`
	Groups []PartGroup `json:"groups,omitempty"`
	Checks []PartCheck `json:"checks,omitempty"`
}

// PartCheck is one check's counts.
type PartCheck struct {
	Name   string `json:"name"`
	Passes int64  `json:"passes"`
	Fails  int64  `json:"fails"`
}

// PartInput is what a Part is made of.
type PartInput struct {
	Registry   *metrics.Registry
	Root       *Group
	Thresholds map[string][]thresholds.Config
	Elapsed    time.Duration
	Options    Options
	// Segment and Sequence are the run's execution segment, "" for a
	// whole test.
	Segment, Sequence string
}

// NewPart snapshots a finished run's aggregates.
func NewPart(in PartInput) (Part, error) {
	p := Part{
		Format: PartFormat, Segment: in.Segment, Sequence: in.Sequence,
		ElapsedMs:  float64(in.Elapsed) / 1e6,
		Options:    PartOptions{SummaryTrendStats: in.Options.SummaryTrendStats, SummaryTimeUnit: in.Options.SummaryTimeUnit},
		Thresholds: in.Thresholds,
		Metrics:    []PartMetric{},
	}
	if in.Registry != nil {
		for _, m := range in.Registry.All() {
			pm, err := newPartMetric(m)
			if err != nil {
				return p, err
			}
			p.Metrics = append(p.Metrics, pm)
		}
	}
	if in.Root != nil {
		p.RootGroup = newPartGroup(in.Root)
	}
	return p, nil
}

func newPartMetric(m *metrics.Metric) (PartMetric, error) {
	sink, subs := m.Snapshot()
	pm := PartMetric{Name: m.Name, Type: m.Type.String(), Contains: m.Contains.String()}
	var err error
	if pm.Sink, err = json.Marshal(sink); err != nil {
		return pm, fmt.Errorf("metric %s: %w", m.Name, err)
	}
	for _, sub := range m.Submetrics() {
		raw, err := json.Marshal(subs[sub.Name])
		if err != nil {
			return pm, fmt.Errorf("submetric %s: %w", sub.Name, err)
		}
		pm.Submetrics = append(pm.Submetrics, PartSubmetric{Tags: sub.Tags.Map(), Sink: raw})
	}
	return pm, nil
}

func newPartGroup(g *Group) PartGroup {
	pg := PartGroup{Name: g.Name}
	for _, c := range g.Groups() {
		pg.Groups = append(pg.Groups, newPartGroup(c))
	}
	for _, c := range g.Checks() {
		pg.Checks = append(pg.Checks, PartCheck{Name: c.Name, Passes: c.Passes(), Fails: c.Fails()})
	}
	return pg
}

// Encode renders the part as indented JSON.
func (p Part) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode summary part: %w", err)
	}
	return buf.Bytes(), nil
}

// ErrNotAPart marks JSON that is not a summary part (another format).
var ErrNotAPart = errors.New("not a summary part")

// DecodePart reads a part, refusing other formats (a --summary-export
// file has only the final values and cannot be merged).
func DecodePart(source string, b []byte) (Part, error) {
	var p Part
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return p, fmt.Errorf("%s: not JSON: %w", source, err)
	}
	if head.Format != PartFormat {
		p.Format = head.Format
		return p, fmt.Errorf("%s: format %q, want %q: write it with `mcpchaos run --summary-part FILE` (a --summary-export file holds only final values and cannot be merged): %w", source, p.Format, PartFormat, ErrNotAPart)
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("%s: a broken summary part: %w", source, err)
	}
	p.Source = source
	return p, nil
}
