package k6http_test

import (
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// TestBatch: ten requests to a server delaying each by 200 ms take
// about 200 ms in one http.batch, not the 2 s they take one by one; the
// bound (1 s) is far from both.
func TestBatch(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t)
	r := runHTTPScript(t, "http-batch", srv, nil)
	r.mustPass(t)
	d := r.metric(t, "batch_duration", "max")
	t.Logf("http.batch of 10 × 200 ms: %.0f ms", d)
	if d < 200 || d >= 1000 {
		t.Errorf("http.batch of 10 × 200 ms took %.0f ms, want 200 ms ≤ d < 1 s", d)
	}
	if n := r.metric(t, "http_reqs", "count"); n != 16 {
		t.Errorf("http_reqs = %v, want 16 (10 + 4 + 2 batched)", n)
	}
	for _, p := range r.pointsOf("http_reqs") {
		if p.Tags["form"] == "array" && p.Tags["method"] != "POST" {
			t.Errorf("params.tags of an array request on the wrong sample: %v", p.Tags)
		}
	}
}

// TestBatchLimits: batchPerHost and batch cap the requests in flight,
// with k6's defaults (20 and 6) when unset.
func TestBatchLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  map[string]string
	}{
		{"default per host is 6", map[string]string{"HOSTS": "1", "WANT": "6"}},
		{"batchPerHost 2", map[string]string{"HOSTS": "1", "PER_HOST": "2", "WANT": "2"}},
		{"batchPerHost over two hosts", map[string]string{"HOSTS": "2", "PER_HOST": "2", "WANT": "4"}},
		{"batch caps all hosts", map[string]string{"HOSTS": "2", "PER_HOST": "0", "BATCH": "3", "WANT": "3"}},
		{"no limits", map[string]string{"HOSTS": "2", "PER_HOST": "0", "BATCH": "0", "WANT": "12"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			runHTTPScript(t, "http-batch-limits", newScriptServer(t), tc.env).mustPass(t)
		})
	}
}

// TestCookies: k6's cookie handling, the jar emptied at each iteration
// unless noCookiesReset.
func TestCookies(t *testing.T) {
	t.Parallel()
	for _, keep := range []string{"0", "1"} {
		t.Run("noCookiesReset="+keep, func(t *testing.T) {
			t.Parallel()
			runHTTPScript(t, "http-cookies", newScriptServer(t), map[string]string{"KEEP": keep}).mustPass(t)
		})
	}
}

// TestExpectedStatuses: the response callback decides http_req_failed
// and expected_response; null emits neither.
func TestExpectedStatuses(t *testing.T) {
	t.Parallel()
	r := runHTTPScript(t, "http-expected-statuses", newScriptServer(t), nil)
	r.mustPass(t) // the thresholds per case hold
	want := map[string]string{"listed": "true", "range": "true", "unlisted": "false", "own": "true"}
	failed := 0
	for _, p := range r.pointsOf("http_req_failed") {
		if p.Tags["case"] == "none" {
			t.Errorf("the null callback emitted http_req_failed: %v", p.Tags)
		}
		failed++
	}
	if failed != 4 {
		t.Errorf("%d http_req_failed samples, want 4", failed)
	}
	for _, p := range r.pointsOf("http_reqs") {
		got, has := p.Tags["expected_response"]
		if c := p.Tags["case"]; c == "none" && has || c != "none" && got != want[c] {
			t.Errorf("case %s: expected_response = %q (set %v), want %q", c, got, has, want[c])
		}
	}
}

// TestURLTemplate: http.url requests share a name tag.
func TestURLTemplate(t *testing.T) {
	t.Parallel()
	r := runHTTPScript(t, "http-url", newScriptServer(t), nil)
	r.mustPass(t)
	names := map[string]int{}
	for _, p := range r.pointsOf("http_reqs") {
		names[p.Tags["name"]]++
	}
	if names["${}/status/20${}"] != 3 || names["mine"] != 1 || len(names) != 2 {
		t.Errorf("name tags = %v, want 3 × ${}/status/20${} and 1 × mine", names)
	}
}

// TestAsyncRequest: promises of concurrent requests settle together.
func TestAsyncRequest(t *testing.T) {
	t.Parallel()
	r := runHTTPScript(t, "http-async", newScriptServer(t), nil)
	r.mustPass(t)
	d := r.metric(t, "async_duration", "max")
	t.Logf("5 awaited asyncRequests of 300 ms: %.0f ms", d)
	if d < 300 || d >= 1000 {
		t.Errorf("five awaited asyncRequests of 300 ms took %.0f ms, want 300 ms ≤ d < 1 s (1.5 s one by one)", d)
	}
	kinds := 0
	for _, p := range r.pointsOf("http_reqs") {
		if p.Tags["kind"] == "async" {
			kinds++
		}
	}
	if n := r.metric(t, "http_reqs", "count"); n != 6 || kinds != 1 {
		t.Errorf("http_reqs = %v (tagged kind:async %d), want 6 (1)", n, kinds)
	}
}

// TestFileUpload: http.file fields make a multipart body.
func TestFileUpload(t *testing.T) {
	t.Parallel()
	runHTTPScript(t, "http-file", newScriptServer(t), nil).mustPass(t)
}

// TestThrowOption: with throw, failed requests are exceptions; without,
// they are responses with the error and a "Request Failed" warning.
func TestThrowOption(t *testing.T) {
	t.Parallel()
	addr, held, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = held.Close() })
	for _, throw := range []string{"0", "1"} {
		t.Run("throw="+throw, func(t *testing.T) {
			t.Parallel()
			r := runHTTPScript(t, "http-throw", newScriptServer(t), map[string]string{"THROW": throw, "REFUSED": "http://" + addr + "/"})
			r.mustPass(t)
			warned := strings.Count(r.stderr, "Request Failed")
			if throw == "0" && warned != 3 || throw == "1" && warned != 0 {
				t.Errorf("%d Request Failed warnings with throw=%s:\n%s", warned, throw, r.stderr)
			}
			if n := r.metric(t, "http_req_failed", "passes"); n != 4 {
				t.Errorf("http_req_failed passes = %v, want 4 (3 refused, one 500): failed requests are measured either way", n)
			}
		})
	}
}

// TestHostsOption: options.hosts maps names to addresses.
func TestHostsOption(t *testing.T) {
	t.Parallel()
	runHTTPScript(t, "http-hosts", newScriptServer(t), nil).mustPass(t)
}

// TestConnectionReuse: noConnectionReuse and noVUConnectionReuse.
func TestConnectionReuse(t *testing.T) {
	t.Parallel()
	for mode, want := range map[string]string{"default": "1", "none": "6", "vu": "2"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			runHTTPScript(t, "http-connection-reuse", newScriptServer(t), map[string]string{"MODE": mode, "WANT": want}).mustPass(t)
		})
	}
}

// TestBadHTTPOptions: invalid k6/http options are one config error.
func TestBadHTTPOptions(t *testing.T) {
	t.Parallel()
	r := runHTTPScript(t, "http-bad-options", newScriptServer(t), nil)
	if code := engine.ExitCodeOf(r.err); code != engine.ExitInvalidConfig {
		t.Fatalf("exit %d, want %d: %v", code, engine.ExitInvalidConfig, r.err)
	}
	for _, want := range []string{
		"options.batch -1 must not be negative",
		"options.batchPerHost -2 must not be negative",
		`options.hosts key "bad:port:x"`,
		`options.hosts["ok.test"] = "not a host:99999"`,
		`options.hosts key "*x.test": a wildcard is "*.domain"`,
	} {
		if !strings.Contains(r.err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, r.err)
		}
	}
}
