package main

import (
	"encoding/json"
	"testing"
)

// TestRedact: secret-looking keys lose their values at any depth of
// objects and arrays; other values and the input stay as they were.
func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"top level", `{"token":"x","query":"q"}`, `{"query":"q","token":"[REDACTED]"}`},
		{"case and fragments", `{"X-Api-Key":"x","db_password":"y","Authorization":"z"}`, `{"Authorization":"[REDACTED]","X-Api-Key":"[REDACTED]","db_password":"[REDACTED]"}`},
		{"nested in arrays", `{"auth":{"nested":[{"api_key":"x"},"plain"]}}`, `{"auth":{"nested":[{"api_key":"[REDACTED]"},"plain"]}}`},
		{"a secret object whole", `{"secret":{"a":1}}`, `{"secret":"[REDACTED]"}`},
		{"not an object", `"token"`, `"token"`},
		{"null", `null`, `null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in any
			if err := json.Unmarshal([]byte(tc.in), &in); err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(redact(in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("redact(%s) = %s, want %s", tc.in, got, tc.want)
			}
			if again, _ := json.Marshal(in); string(again) != mustCompact(t, tc.in) {
				t.Errorf("redact changed its input: %s", again)
			}
		})
	}
}

func mustCompact(t *testing.T, s string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
