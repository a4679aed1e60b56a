package main

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// k6FlagsScript records the VUs, fails its threshold (unless thresholds
// are off) and writes handleSummary's file (unless the summary is off).
const k6FlagsScript = `import http from 'k6/http';
export const options = { vus: 1, iterations: 1, thresholds: { iterations: ['count<0'] } };
export default function () { if (__ENV.URL) http.get(__ENV.URL); }
export function handleSummary(data) { return { [__ENV.SUMMARY]: JSON.stringify(data) }; }
`

// cliRun runs `mcpchaos run` with args on the script, capturing the
// process's stderr (where the engine logs) and the summary data.
type cliResult struct {
	err     error
	stderr  string
	summary map[string]any // nil when handleSummary's file is absent
}

func cliRun(t *testing.T, src string, args ...string) cliResult {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "script.js")
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sumFile := filepath.Join(dir, "summary.json")
	errFile, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close()
	saved := os.Stderr
	os.Stderr = errFile
	defer func() { os.Stderr = saved }()

	root := newRootCommand()
	root.SetArgs(append(append([]string{"run", "-q", "-e", "SUMMARY=" + sumFile}, args...), script))
	root.SetOut(io.Discard)
	root.SetErr(errFile)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res := cliResult{err: root.ExecuteContext(ctx)}
	b, _ := os.ReadFile(errFile.Name())
	res.stderr = string(b)
	if b, err := os.ReadFile(sumFile); err == nil {
		if err := json.Unmarshal(b, &res.summary); err != nil {
			t.Fatalf("summary file: %v", err)
		}
	}
	return res
}

// metricValue reads summary.metrics[name].values[stat].
func metricValue(s map[string]any, name, stat string) (float64, bool) {
	m, _ := s["metrics"].(map[string]any)
	x, _ := m[name].(map[string]any)
	vs, _ := x["values"].(map[string]any)
	v, ok := vs[stat].(float64)
	return v, ok
}

// TestRunK6EnvOptions: K6_VUS=3 gives 3 VUs; -u beats it (flag > env >
// script); a bad K6_ value is 104.
func TestRunK6EnvOptions(t *testing.T) {
	t.Setenv("K6_VUS", "3")
	t.Setenv("K6_ITERATIONS", "6")
	t.Setenv("K6_NO_THRESHOLDS", "true")
	r := cliRun(t, k6FlagsScript)
	if r.err != nil {
		t.Fatalf("run: %v\n%s", r.err, r.stderr)
	}
	if v, _ := metricValue(r.summary, "vus_max", "value"); v != 3 {
		t.Errorf("K6_VUS=3: vus_max = %v, want 3", v)
	}
	if v, _ := metricValue(r.summary, "iterations", "count"); v != 6 {
		t.Errorf("K6_ITERATIONS=6: iterations = %v, want 6", v)
	}
	r = cliRun(t, k6FlagsScript, "-u", "2", "-i", "2")
	if v, _ := metricValue(r.summary, "vus_max", "value"); r.err != nil || v != 2 {
		t.Errorf("-u 2 over K6_VUS=3: vus_max = %v (err %v), want 2", v, r.err)
	}
	r = cliRun(t, k6FlagsScript, "-e", "K6_VUS=5")
	if v, _ := metricValue(r.summary, "vus_max", "value"); r.err != nil || v != 3 {
		t.Errorf("-e K6_VUS=5 sets only __ENV, as in k6: vus_max = %v (err %v), want K6_VUS's 3", v, r.err)
	}
	t.Setenv("K6_VUS", "many")
	r = cliRun(t, k6FlagsScript)
	if codeOf(r.err) != 104 || !strings.Contains(r.err.Error(), `K6_VUS="many"`) {
		t.Errorf("K6_VUS=many: exit %d, err %v; want 104 naming it", codeOf(r.err), r.err)
	}
}

// TestRunK6Flags: the k6 flags reach the run.
func TestRunK6Flags(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "the-response-body")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	t.Cleanup(srv.Close)

	r := cliRun(t, k6FlagsScript)
	if codeOf(r.err) != 99 {
		t.Errorf("without --no-thresholds: exit %d, want 99 (%v)", codeOf(r.err), r.err)
	}
	r = cliRun(t, k6FlagsScript, "--no-thresholds", "--summary-trend-stats", "avg,p(99),count", "--summary-time-unit", "ms")
	if r.err != nil {
		t.Fatalf("--no-thresholds: %v\n%s", r.err, r.stderr)
	}
	for stat, want := range map[string]bool{"avg": true, "p(99)": true, "count": true, "med": false, "p(95)": false} {
		if _, ok := metricValue(r.summary, "iteration_duration", stat); ok != want {
			t.Errorf("--summary-trend-stats avg,p(99),count: iteration_duration has %s = %v, want %v", stat, ok, want)
		}
	}
	if opts, _ := r.summary["options"].(map[string]any); opts["summaryTimeUnit"] != "ms" {
		t.Errorf("--summary-time-unit ms: options %v", opts)
	}

	r = cliRun(t, k6FlagsScript, "--no-thresholds", "--no-summary")
	if r.err != nil || r.summary != nil {
		t.Errorf("--no-summary: err %v, handleSummary wrote %v; want no summary", r.err, r.summary != nil)
	}

	start := time.Now()
	r = cliRun(t, k6FlagsScript, "--no-thresholds", "-s", "300ms:2", "--stage", "100ms:0")
	if v, _ := metricValue(r.summary, "vus_max", "value"); r.err != nil || v != 2 || time.Since(start) < 400*time.Millisecond {
		t.Errorf("-s 300ms:2 --stage 100ms:0: vus_max %v, err %v, took %v; want 2 VUs for 400ms", v, r.err, time.Since(start))
	}

	r = cliRun(t, k6FlagsScript, "--no-thresholds", "-e", "URL="+srv.URL, "--http-debug")
	if r.err != nil || !strings.Contains(r.stderr, "Request:") || !strings.Contains(r.stderr, "GET / HTTP/1.1") || strings.Contains(r.stderr, "the-response-body") {
		t.Errorf("--http-debug: err %v; want the request and response headers without the body:\n%s", r.err, r.stderr)
	}
	r = cliRun(t, k6FlagsScript, "--no-thresholds", "-e", "URL="+srv.URL, "--http-debug=full")
	if r.err != nil || !strings.Contains(r.stderr, "Response:") || !strings.Contains(r.stderr, "the-response-body") {
		t.Errorf("--http-debug=full: err %v; want the response body:\n%s", r.err, r.stderr)
	}

	r = cliRun(t, k6FlagsScript, "--no-thresholds", "--vus-max", "10")
	if r.err != nil || !strings.Contains(r.stderr, "--vus-max has no effect") {
		t.Errorf("--vus-max: err %v; want a warning:\n%s", r.err, r.stderr)
	}

	r = cliRun(t, k6FlagsScript, "--summary-trend-statz", "avg")
	if codeOf(r.err) != 104 || !strings.Contains(r.err.Error(), "unknown flag: --summary-trend-statz") || !strings.Contains(r.err.Error(), "see mcpchaos run --help") {
		t.Errorf("an unknown flag: exit %d, err %v; want 104 pointing to --help", codeOf(r.err), r.err)
	}
}

// TestRunOfflineModules: --offline with an empty --module-cache fails
// with 107 naming the cache instead of reaching the network.
func TestRunOfflineModules(t *testing.T) {
	cache := t.TempDir()
	src := "import { x } from 'https://127.0.0.1:1/x.js';\nexport default function () { return x; }\n"
	r := cliRun(t, src, "--offline", "--module-cache", cache)
	if codeOf(r.err) != 107 || !strings.Contains(r.err.Error(), "not in the cache "+cache) {
		t.Errorf("--offline: exit %d, err %v; want 107 naming the cache", codeOf(r.err), r.err)
	}
}

// TestRunLinger: --linger waits for Ctrl-C (here: the context's end)
// after the test, with a prompt.
func TestRunLinger(t *testing.T) {
	src := "export const options = { iterations: 1 };\nexport default function () {}\n"
	script := filepath.Join(t.TempDir(), "x.js")
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	prompted := make(chan time.Time, 1)
	stderr := &promptWriter{prompted: prompted}
	root := newRootCommand()
	root.SetArgs([]string{"run", "-q", "--linger", script})
	root.SetOut(io.Discard)
	root.SetErr(stderr)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	select {
	case <-prompted:
	case err := <-done:
		t.Fatalf("run returned (%v) without the linger prompt", err)
	}
	select {
	case err := <-done:
		t.Fatalf("--linger returned (%v) before Ctrl-C", err)
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("after the linger: %v", err)
	}
}

// promptWriter signals when the linger prompt is written.
type promptWriter struct{ prompted chan time.Time }

func (w *promptWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "press Ctrl-C to exit") {
		select {
		case w.prompted <- time.Now():
		default:
		}
	}
	return len(p), nil
}
