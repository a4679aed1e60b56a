package engine

import (
	"encoding/json"
	"testing"
)

// TestEnvHTTPOptions: the k6/http options k6 reads from K6_* variables
// reach the script options under their option keys, typed.
func TestEnvHTTPOptions(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"K6_THROW": "true", "K6_BATCH": "3", "K6_BATCH_PER_HOST": "2",
		"K6_NO_CONNECTION_REUSE": "1", "K6_NO_VU_CONNECTION_REUSE": "true", "K6_NO_COOKIES_RESET": "true",
	}
	l, err := readEnvOptions(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	var o scriptOptions
	b, _ := json.Marshal(l.script)
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	h := o.httpOptions(Options{})
	if !h.Throw || !h.NoConnectionReuse || !h.NoVUConnectionReuse || !h.NoCookiesReset || h.Batch == nil || *h.Batch != 3 || h.BatchPerHost == nil || *h.BatchPerHost != 2 {
		t.Errorf("http options from the environment: %+v", h)
	}
	if _, err := readEnvOptions(func(k string) (string, bool) { return "lots", k == "K6_BATCH" }); err == nil {
		t.Error("K6_BATCH=lots: no error")
	}
}
