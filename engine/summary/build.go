package summary

// Build returns k6's handleSummary data object: root_group, options, state
// and metrics (only metrics with samples, plus submetrics that thresholds
// created), with plain JSON-able values.
func Build(in Input) map[string]any {
	return map[string]any{}
}
