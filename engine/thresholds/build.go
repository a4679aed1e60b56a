package thresholds

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Set is the thresholds of one run bound to its metrics. Safe for
// concurrent use.
type Set struct {
	targets []*target
	state   evalState
}

// target is every threshold of one thresholds key: a metric or submetric.
type target struct {
	key        string // canonical name: metric or metric{tag:value}
	metric     *metrics.Metric
	submetric  *metrics.Submetric // nil for the whole metric
	thresholds []*threshold
}

type threshold struct {
	expr        *Expression
	abortOnFail bool
	delay       time.Duration
}

// validAggregations is k6's table of aggregations per metric type.
var validAggregations = map[metrics.Type]string{
	metrics.Counter: "count, rate",
	metrics.Gauge:   "value",
	metrics.Rate:    "rate",
	metrics.Trend:   "avg, min, max, med, p(N)",
}

// Build parses raw (metric key → thresholds, as options.thresholds) and
// binds each key to its metric in reg, creating submetrics for tag
// filters. Call it after the init code, once custom metrics exist. Every
// problem is reported in one joined error.
func Build(reg *metrics.Registry, raw map[string][]Config) (*Set, error) {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := &Set{}
	var errs []error
	for _, key := range keys {
		t, err := buildTarget(reg, key, raw[key])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		s.targets = append(s.targets, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

func buildTarget(reg *metrics.Registry, key string, cfgs []Config) (*target, error) {
	name, tags, err := ParseKey(key)
	if err != nil {
		return nil, fmt.Errorf("thresholds key %q: %w", key, err)
	}
	m := reg.Get(name)
	if m == nil {
		return nil, fmt.Errorf("thresholds key %q: unknown metric %q: use a built-in metric or one the script creates in init code with k6/metrics", key, name)
	}
	t := &target{key: name, metric: m}
	if tags != nil {
		t.submetric = m.Submetric(tags)
		t.key = t.submetric.Name
	}
	var errs []error
	for _, c := range cfgs {
		th, err := buildThreshold(m, c)
		if err != nil {
			errs = append(errs, fmt.Errorf("thresholds key %q, threshold %q: %w", key, c.Threshold, err))
			continue
		}
		t.thresholds = append(t.thresholds, th)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

func buildThreshold(m *metrics.Metric, c Config) (*threshold, error) {
	e, err := Parse(c.Threshold)
	if err != nil {
		return nil, err
	}
	if !validFor(m.Type, e) {
		return nil, fmt.Errorf("aggregation %q is not valid for %s %q: use %s", e.Aggregation, m.Type, m.Name, validAggregations[m.Type])
	}
	th := &threshold{expr: e, abortOnFail: c.AbortOnFail}
	if c.DelayAbortEval != "" {
		if th.delay, err = parseDelay(c.DelayAbortEval); err != nil {
			return nil, err
		}
	}
	return th, nil
}

func validFor(t metrics.Type, e *Expression) bool {
	switch t {
	case metrics.Counter:
		return e.Aggregation == "count" || e.Aggregation == "rate"
	case metrics.Gauge:
		return e.Aggregation == "value"
	case metrics.Rate:
		return e.Aggregation == "rate"
	case metrics.Trend:
		switch e.Aggregation {
		case "avg", "min", "max", "med":
			return true
		}
		return strings.HasPrefix(e.Aggregation, "p(")
	}
	return false
}

// parseDelay reads delayAbortEval: a duration ("10s", "1m30s") or a plain
// number of milliseconds, as k6 accepts.
func parseDelay(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		ms, nerr := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if nerr != nil || math.IsNaN(ms) || math.IsInf(ms, 0) {
			return 0, fmt.Errorf("invalid delayAbortEval %q: use a duration such as \"10s\" or \"1m30s\"", s)
		}
		d = time.Duration(ms * float64(time.Millisecond))
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid delayAbortEval %q: must not be negative", s)
	}
	return d, nil
}

// Sources returns, per metric name, the expressions of its thresholds in
// definition order (k6's metric "thresholds" list in the JSON output).
// Submetric thresholds are listed under their submetric name.
func (s *Set) Sources() map[string][]string {
	out := make(map[string][]string, len(s.targets))
	for _, t := range s.targets {
		for _, th := range t.thresholds {
			out[t.key] = append(out[t.key], th.expr.Source)
		}
	}
	return out
}
