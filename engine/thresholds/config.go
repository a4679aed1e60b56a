package thresholds

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Config is one threshold as a script defines it: either a plain string
// ("p(95)<200") or an object with abortOnFail and delayAbortEval.
type Config struct {
	Threshold      string `json:"threshold"`
	AbortOnFail    bool   `json:"abortOnFail"`
	DelayAbortEval string `json:"delayAbortEval"`
}

// UnmarshalJSON accepts k6's two forms: a string or an object.
func (c *Config) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return fmt.Errorf("threshold: %w", err)
		}
		*c = Config{Threshold: s}
		return nil
	}
	type plain Config
	var p plain
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf(`threshold: want a string like "p(95)<200" or an object {"threshold": "...", "abortOnFail": true, "delayAbortEval": "10s"}: %w`, err)
	}
	*c = Config(p)
	return nil
}

// MarshalJSON writes the short string form when no option is set.
func (c Config) MarshalJSON() ([]byte, error) {
	if !c.AbortOnFail && c.DelayAbortEval == "" {
		return json.Marshal(c.Threshold)
	}
	type plain Config
	return json.Marshal(plain(c))
}
