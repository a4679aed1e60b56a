package summary

import (
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// Build returns k6's handleSummary data object:
//
//	root_group: {name, path, id, groups: [...], checks: [{name, path, id, passes, fails}]}
//	options:    {summaryTrendStats, summaryTimeUnit, noColor}
//	state:      {isStdOutTTY, isStdErrTTY, testRunDurationMs}
//	metrics:    {name: {type, contains, values: {...}, thresholds: {expr: {ok}}}}
//
// Metrics appear when they got samples or carry thresholds (as k6 marks
// metrics with thresholds observed); submetrics appear under their own
// key, `name{tag:value}`. Trend values are the summaryTrendStats plus any
// aggregation a threshold reads (so p(99.9)<x reports its value). Time
// values are milliseconds, data values bytes. The object holds only maps,
// slices of any, strings, float64 and bools, so it survives a JSON round
// trip unchanged. Build evaluates the thresholds at in.Elapsed.
func Build(in Input) map[string]any {
	opts := in.Options.withDefaults()
	results, _ := in.Thresholds.Evaluate(in.Elapsed)
	byKey := map[string][]thresholds.Result{}
	for _, r := range results {
		byKey[r.Metric] = append(byKey[r.Metric], r)
	}
	ms := map[string]any{}
	if in.Registry != nil {
		for _, m := range in.Registry.All() {
			sink, subs := m.Snapshot()
			addMetric(ms, m, m.Name, sink, byKey[m.Name], opts, in)
			for _, sub := range m.Submetrics() {
				if s, ok := subs[sub.Name]; ok {
					addMetric(ms, m, sub.Name, s, byKey[sub.Name], opts, in)
				}
			}
		}
	}
	root := in.Root
	if root == nil {
		root = NewRootGroup()
	}
	return map[string]any{
		"root_group": groupData(root),
		"options": map[string]any{
			"summaryTrendStats": stringsToAny(opts.SummaryTrendStats),
			"summaryTimeUnit":   opts.SummaryTimeUnit,
			"noColor":           opts.NoColor,
		},
		"state": map[string]any{
			"isStdOutTTY":       opts.IsStdOutTTY,
			"isStdErrTTY":       opts.IsStdErrTTY,
			"testRunDurationMs": float64(in.Elapsed) / 1e6,
		},
		"metrics": ms,
	}
}

func addMetric(out map[string]any, m *metrics.Metric, key string, sink metrics.Sink, ths []thresholds.Result, opts Options, in Input) {
	if sink.IsEmpty() && len(ths) == 0 {
		return
	}
	values := map[string]any{}
	if ts, ok := sink.(*metrics.TrendSink); ok {
		for _, stat := range opts.SummaryTrendStats {
			if v, ok := trendStat(ts, stat); ok {
				values[stat] = v
			}
		}
	} else {
		for k, v := range sink.Values(in.Elapsed) {
			values[k] = v
		}
	}
	entry := map[string]any{
		"type":     m.Type.String(),
		"contains": m.Contains.String(),
		"values":   values,
	}
	if len(ths) > 0 {
		tm := map[string]any{}
		for _, r := range ths {
			tm[r.Expression] = map[string]any{"ok": r.OK}
			if _, ok := values[r.Aggregation]; !ok {
				values[r.Aggregation] = r.Value
			}
		}
		entry["thresholds"] = tm
	}
	out[key] = entry
}

func groupData(g *Group) map[string]any {
	groups := []any{}
	for _, c := range g.Groups() {
		groups = append(groups, groupData(c))
	}
	checks := []any{}
	for _, c := range g.Checks() {
		checks = append(checks, map[string]any{
			"name": c.Name, "path": c.Path, "id": c.ID,
			"passes": float64(c.Passes()), "fails": float64(c.Fails()),
		})
	}
	return map[string]any{
		"name": g.Name, "path": g.Path, "id": g.ID,
		"groups": groups, "checks": checks,
	}
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
