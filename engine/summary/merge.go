package summary

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// Merged is the whole test rebuilt from its parts: one registry whose
// metrics hold the merged aggregates, the merged group tree and the
// thresholds bound to them. Input() feeds Build, so the merged summary,
// its thresholds' verdict and the --summary-export file are computed
// exactly as for one instance.
type Merged struct {
	Registry   *metrics.Registry
	Root       *Group
	Thresholds *thresholds.Set
	// Elapsed is the longest part's duration (the instances run side by
	// side), the time base of counters' rates.
	Elapsed time.Duration
	Options Options
}

// Input returns the summary input of the merged test.
func (m *Merged) Input() Input {
	return Input{Registry: m.Registry, Root: m.Root, Thresholds: m.Thresholds, Elapsed: m.Elapsed, Options: m.Options}
}

// Merge combines the parts of one test. The parts must come from the
// same script (the same thresholds and summary options) and, when they
// carry execution segments, cover the whole test 0:1 once; each problem
// names the part's Source.
func Merge(parts []Part) (*Merged, error) {
	if len(parts) == 0 {
		return nil, errors.New("no summary parts to merge: give the files the instances wrote with --summary-part")
	}
	first := parts[0]
	for _, p := range parts[1:] {
		if !reflect.DeepEqual(normThresholds(p.Thresholds), normThresholds(first.Thresholds)) {
			return nil, fmt.Errorf("%s and %s define different thresholds: they are not parts of one test", first.Source, p.Source)
		}
		if !reflect.DeepEqual(p.Options, first.Options) {
			return nil, fmt.Errorf("%s and %s have different summary options: they are not parts of one test", first.Source, p.Source)
		}
	}
	if err := checkCoverage(parts); err != nil {
		return nil, err
	}
	m := &Merged{Registry: metrics.NewRegistry(), Root: NewRootGroup(), Options: Options{
		SummaryTrendStats: first.Options.SummaryTrendStats, SummaryTimeUnit: first.Options.SummaryTimeUnit,
	}}
	for _, p := range parts {
		m.Elapsed = max(m.Elapsed, time.Duration(p.ElapsedMs*1e6))
		for _, pm := range p.Metrics {
			if err := mergeMetric(m.Registry, pm); err != nil {
				return nil, fmt.Errorf("%s: metric %s: %w", p.Source, pm.Name, err)
			}
		}
		mergeGroup(m.Root, p.RootGroup)
	}
	set, err := thresholds.Build(m.Registry, first.Thresholds)
	if err != nil {
		return nil, fmt.Errorf("%s: thresholds: %w", first.Source, err)
	}
	m.Thresholds = set
	return m, nil
}

func normThresholds(t map[string][]thresholds.Config) map[string][]thresholds.Config {
	if len(t) == 0 {
		return nil
	}
	return t
}

func mergeMetric(reg *metrics.Registry, pm PartMetric) error {
	typ, err := metrics.ParseType(pm.Type)
	if err != nil {
		return err
	}
	vt := map[string]metrics.ValueType{"default": metrics.Default, "time": metrics.Time, "data": metrics.Data}[pm.Contains]
	m, err := reg.NewMetric(pm.Name, typ, vt)
	if err != nil {
		return err
	}
	sink, err := metrics.DecodeSink(typ, pm.Sink)
	if err != nil {
		return err
	}
	if err := m.MergeSink(sink); err != nil {
		return err
	}
	for _, sub := range pm.Submetrics {
		s, err := metrics.DecodeSink(typ, sub.Sink)
		if err != nil {
			return fmt.Errorf("submetric %v: %w", sub.Tags, err)
		}
		if err := m.Submetric(metrics.NewTagSet(sub.Tags)).MergeSink(s); err != nil {
			return err
		}
	}
	return nil
}

func mergeGroup(g *Group, pg PartGroup) {
	for _, c := range pg.Groups {
		mergeGroup(g.Group(c.Name), c)
	}
	for _, c := range pg.Checks {
		chk := g.Check(c.Name)
		chk.passes.Add(c.Passes)
		chk.fails.Add(c.Fails)
	}
}

// checkCoverage accepts parts that all carry no segment (independent
// whole runs added up) or whose segments tile 0:1 exactly.
func checkCoverage(parts []Part) error {
	type seg struct {
		from, to *big.Rat
		source   string
	}
	var segs []seg
	for _, p := range parts {
		if p.Segment == "" {
			continue
		}
		from, to, ok := strings.Cut(p.Segment, ":")
		f, okf := new(big.Rat).SetString(from)
		t, okt := new(big.Rat).SetString(to)
		if !ok || !okf || !okt {
			return fmt.Errorf("%s: segment %q is not FROM:TO", p.Source, p.Segment)
		}
		segs = append(segs, seg{f, t, p.Source})
	}
	if len(segs) == 0 {
		return nil
	}
	if len(segs) != len(parts) {
		return errors.New("some parts carry an execution segment and some do not: merge the parts of one segmented test")
	}
	sort.Slice(segs, func(i, j int) bool { return segs[i].from.Cmp(segs[j].from) < 0 })
	at := new(big.Rat)
	for _, s := range segs {
		switch c := s.from.Cmp(at); {
		case c < 0:
			return fmt.Errorf("%s: segment %s:%s overlaps another part's (up to %s): is one instance's summary given twice?", s.source, s.from.RatString(), s.to.RatString(), at.RatString())
		case c > 0:
			return fmt.Errorf("the parts leave %s:%s of the test uncovered: the summary of that instance is missing", at.RatString(), s.from.RatString())
		}
		at = s.to
	}
	if at.Cmp(big.NewRat(1, 1)) != 0 {
		return fmt.Errorf("the parts leave %s:1 of the test uncovered: the summary of that instance is missing", at.RatString())
	}
	return nil
}
