package session

import (
	"encoding/json"
	"fmt"
)

// Object decodes Raw into plain Go values (maps, slices, float64, string,
// bool, nil), the shape scripts see. An empty Raw (ping) is an empty
// object.
func (r Result) Object() (map[string]any, error) {
	if len(r.Raw) == 0 {
		return map[string]any{}, nil
	}
	var m map[string]any
	if err := json.Unmarshal(r.Raw, &m); err != nil {
		return nil, fmt.Errorf("%w: decode %s result: %v", errMalformed, r.Op.Method(), err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}
