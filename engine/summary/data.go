package summary

import (
	"sort"
	"strings"
)

// The renderers read the data object through these views, so they work
// on Build's output and on the same object after a JSON round trip.

type metricView struct {
	key        string // metric or submetric name
	parent     string // metric name
	tags       string // submetric filter without braces, "" for a metric
	typ        string
	contains   string
	values     map[string]float64
	thresholds []thresholdView // sorted by expression
}

type thresholdView struct {
	expr string
	ok   bool
}

// thresholdsOK reports whether all thresholds hold (true when none).
func (m metricView) thresholdsOK() bool {
	for _, t := range m.thresholds {
		if !t.ok {
			return false
		}
	}
	return true
}

type groupView struct {
	name, path, id string
	groups         []groupView
	checks         []checkView
}

type checkView struct {
	name, path, id string
	passes, fails  float64
}

// readMetrics returns the metrics sorted by name, each submetric right
// after its parent.
func readMetrics(data map[string]any) []metricView {
	raw := asMap(data["metrics"])
	out := make([]metricView, 0, len(raw))
	for key, v := range raw {
		m := asMap(v)
		mv := metricView{key: key, parent: key, typ: asString(m["type"]), contains: asString(m["contains"]), values: map[string]float64{}}
		if i := strings.IndexByte(key, '{'); i >= 0 {
			mv.parent = key[:i]
			mv.tags = strings.TrimSuffix(key[i+1:], "}")
		}
		for k, val := range asMap(m["values"]) {
			mv.values[k] = asFloat(val)
		}
		for expr, t := range asMap(m["thresholds"]) {
			ok, _ := asMap(t)["ok"].(bool)
			mv.thresholds = append(mv.thresholds, thresholdView{expr: expr, ok: ok})
		}
		sort.Slice(mv.thresholds, func(i, j int) bool { return mv.thresholds[i].expr < mv.thresholds[j].expr })
		out = append(out, mv)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.parent != b.parent {
			return a.parent < b.parent
		}
		if (a.tags == "") != (b.tags == "") {
			return a.tags == ""
		}
		return a.tags < b.tags
	})
	return out
}

func readGroup(v any) groupView {
	m := asMap(v)
	g := groupView{name: asString(m["name"]), path: asString(m["path"]), id: asString(m["id"])}
	for _, c := range asList(m["groups"]) {
		g.groups = append(g.groups, readGroup(c))
	}
	for _, c := range asList(m["checks"]) {
		cm := asMap(c)
		g.checks = append(g.checks, checkView{
			name: asString(cm["name"]), path: asString(cm["path"]), id: asString(cm["id"]),
			passes: asFloat(cm["passes"]), fails: asFloat(cm["fails"]),
		})
	}
	return g
}

// readOptions reads the options object, with opts' fields winning when
// set.
func readOptions(data map[string]any, opts Options) Options {
	m := asMap(data["options"])
	if len(opts.SummaryTrendStats) == 0 {
		for _, s := range asList(m["summaryTrendStats"]) {
			opts.SummaryTrendStats = append(opts.SummaryTrendStats, asString(s))
		}
	}
	if opts.SummaryTimeUnit == "" {
		opts.SummaryTimeUnit = asString(m["summaryTimeUnit"])
	}
	return opts.withDefaults()
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	switch l := v.(type) {
	case []any:
		return l
	case []map[string]any:
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out
	case []string:
		return stringsToAny(l)
	}
	return nil
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func asFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case uint64:
		return float64(n)
	}
	return 0
}
