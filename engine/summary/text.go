package summary

// Text renders data (from Build) as k6's end-of-test summary.
func Text(data map[string]any, opts Options) string {
	return ""
}
