package engine

import "encoding/json"

// addSetupData adds setup()'s return value to the summary data as
// setup_data, as k6 does when setup returned something.
func (e *Engine) addSetupData(data map[string]any) {
	if e.run.setupJSON == "" {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(e.run.setupJSON), &v); err == nil {
		data["setup_data"] = v
	}
}
