package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Export renders data (from Build) in k6's legacy --summary-export
// format: root_group with groups and checks as objects keyed by name, and
// metrics flattened to their values, where a rate's "rate" is called
// "value" and thresholds map each expression to true when it FAILED (k6's
// long-standing inverted meaning, kept for compatibility). Indented with
// four spaces, no HTML escaping, keys sorted.
func Export(data map[string]any) ([]byte, error) {
	ms := map[string]any{}
	for _, m := range readMetrics(data) {
		flat := map[string]any{}
		for k, v := range m.values {
			flat[k] = v
		}
		if m.typ == "rate" {
			flat["value"] = flat["rate"]
			delete(flat, "rate")
		}
		if len(m.thresholds) > 0 {
			th := map[string]any{}
			for _, t := range m.thresholds {
				th[t.expr] = !t.ok
			}
			flat["thresholds"] = th
		}
		ms[m.key] = flat
	}
	out := map[string]any{
		"root_group": legacyGroup(readGroup(data["root_group"])),
		"metrics":    ms,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("encode summary export: %w", err)
	}
	return buf.Bytes(), nil
}

func legacyGroup(g groupView) map[string]any {
	groups := map[string]any{}
	for _, c := range g.groups {
		groups[c.name] = legacyGroup(c)
	}
	checks := map[string]any{}
	for _, c := range g.checks {
		checks[c.name] = map[string]any{
			"name": c.name, "path": c.path, "id": c.id,
			"passes": c.passes, "fails": c.fails,
		}
	}
	return map[string]any{
		"name": g.name, "path": g.path, "id": g.id,
		"groups": groups, "checks": checks,
	}
}
