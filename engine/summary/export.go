package summary

import "encoding/json"

// Export renders data (from Build) in k6's legacy --summary-export format.
func Export(data map[string]any) ([]byte, error) {
	return json.MarshalIndent(data, "", "    ")
}
