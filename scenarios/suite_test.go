package scenarios_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/stack/install"
)

// suiteTimeout bounds the whole test: both builds, the stack's way up,
// four phases (about 160 s of scenario time), the report, the way down.
const suiteTimeout = 5 * time.Minute

// TestSuiteOnAnotherServer runs the fault suite through `mcpchaos demo
// --server-cmd` against altserver, a server written from the contract
// alone that has no circuit breaker, and checks the verdict is the
// correct one: exit 99; the baseline, slow-downstream and TLS-expiry
// phases pass every assertion; the failing-downstream phase fails, on the
// breaker's assertions only, among them alertFires(MCPCircuitBreakerOpen),
// while alertFires(MCPToolHighErrorRate) passes (the server counts its
// errors); nothing is could-not-evaluate.
func TestSuiteOnAnotherServer(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds mcpchaos and altserver and runs four phases of the suite on the embedded stack")
	}
	t.Parallel() // its stack is its own; the run mostly waits
	if err := backendsCached(); err != nil {
		testenv.Missing(t, "the embedded stack's backends in the install cache (make test installs them; set MCPCHAOS_CACHE)", err)
	}
	began := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), suiteTimeout)
	defer cancel()
	dir := t.TempDir()
	bin, server := filepath.Join(dir, "mcpchaos"), filepath.Join(dir, "altserver")
	for out, pkg := range map[string]string{bin: "../cmd/mcpchaos", server: "./internal/altserver"} {
		if b, err := exec.CommandContext(ctx, "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	built := time.Now()

	reports := filepath.Join(dir, "reports")
	cmd := exec.CommandContext(ctx, bin, "demo", "--report-dir", reports, "--dir", filepath.Join(dir, "stack"),
		"--server-cmd", server, "--only", "baseline,downstreamLatency,downstreamErrors,tlsExpiry")
	cmd.Env = withoutEnv(os.Environ(), "MCP_TEST_DEFECT") // the reference server's switch: not ours
	// On the deadline, Ctrl-C: the demo takes its stack down on the way out.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	code, err := exitCode(cmd.Run())
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	if ctx.Err() != nil {
		t.Fatalf("the demo did not end within %s (builds took %s)\n%s", suiteTimeout, built.Sub(began).Round(time.Second), out.String())
	}
	t.Logf("builds %s, demo %s; %s", built.Sub(began).Round(time.Second), time.Since(built).Round(time.Second), verdictLine(out.String()))

	entries, err := readEntries(reports)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if code != 99 {
		t.Errorf("exit %d, want 99 (an assertion failed: the server has no circuit breaker)", code)
	}
	byPhase := map[string][]assertions.Entry{}
	for _, e := range entries {
		byPhase[e.Scenario] = append(byPhase[e.Scenario], e)
		if e.Status == assertions.Error {
			t.Errorf("%s could not be evaluated (%s): a server without a breaker is a fail, not an error", e.Subject, e.Why)
		}
	}
	for _, phase := range []string{"baseline", "downstreamLatency", "tlsExpiry"} {
		if len(byPhase[phase]) < 3 {
			t.Errorf("phase %s judged %d assertions; did it run?", phase, len(byPhase[phase]))
		}
		for _, e := range byPhase[phase] {
			if e.Status != assertions.Pass {
				t.Errorf("phase %s must pass on this server: %s is %s: %s", phase, e.Subject, e.Status, e.Why)
			}
		}
	}
	checkErrorsPhase(t, byPhase["downstreamErrors"])
	if t.Failed() {
		t.Logf("demo output:\n%s", out.String())
	}
}

// checkErrorsPhase: the failing-downstream phase fails on the breaker and
// nothing else. The breaker's alert is among the failures; the error-rate
// alert fires and resolves and the error lines carry their fields (the
// server counts and logs its errors).
func checkErrorsPhase(t *testing.T, entries []assertions.Entry) {
	t.Helper()
	breaker := regexp.MustCompile(`(?i)circuit.?breaker`) // what names the breaker
	want := []struct {
		subject string // prefix
		status  assertions.Status
	}{
		{"alertFires(MCPCircuitBreakerOpen", assertions.Fail},
		{"alertFires(MCPToolHighErrorRate", assertions.Pass},
		{"alertResolves(MCPToolHighErrorRate", assertions.Pass},
		{"logsHaveFields([trace_id, span_id, error.type, error.stack]", assertions.Pass},
		{"noAlertsFire(", assertions.Pass},
	}
	for _, w := range want {
		found := false
		for _, e := range entries {
			if !strings.HasPrefix(e.Subject, w.subject) {
				continue
			}
			found = true
			if e.Status != w.status {
				t.Errorf("downstreamErrors: %s is %s, want %s: %s", e.Subject, e.Status, w.status, e.Why)
			}
		}
		if !found {
			t.Errorf("downstreamErrors judged no %s… (judged: %s)", w.subject, subjects(entries))
		}
	}
	for _, e := range entries {
		if e.Status != assertions.Fail {
			continue
		}
		if !breaker.MatchString(e.Subject + " " + e.Why) {
			t.Errorf("downstreamErrors failed on something other than the missing breaker: %s: %s", e.Subject, e.Why)
			continue
		}
		t.Logf("downstreamErrors fails, as it should: %s: %s", e.Subject, e.Why)
	}
}

// backendsCached reports which pinned backends the install cache lacks:
// without them the demo would spend many minutes building them.
func backendsCached() error {
	cache := os.Getenv("MCPCHAOS_CACHE")
	if cache == "" {
		var err error
		if cache, err = install.DefaultCacheDir(); err != nil {
			return err
		}
	}
	var missing []string
	for _, c := range install.Components() {
		if os.Getenv("MCPCHAOS_BIN_"+strings.ToUpper(strings.ReplaceAll(c.Name, "-", "_"))) != "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(cache, "bin", c.Recipe+"-"+c.Version)); err != nil {
			missing = append(missing, c.Name+" "+c.Version)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("not built in %s: %s", cache, strings.Join(missing, ", "))
	}
	return nil
}

// readEntries reads the one run's assertions.jsonl under reports.
func readEntries(reports string) ([]assertions.Entry, error) {
	runs, _ := filepath.Glob(filepath.Join(reports, "*", "assertions.jsonl"))
	if len(runs) != 1 {
		return nil, fmt.Errorf("want one run's results in %s, found %v", reports, runs)
	}
	b, err := os.ReadFile(runs[0])
	if err != nil {
		return nil, err
	}
	var entries []assertions.Entry
	for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
		var e assertions.Entry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("results line %q: %w", line, err)
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// exitCode is the process's exit code; err only when it did not run or
// end by itself.
func exitCode(err error) (int, error) {
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.Exited() {
		return ee.ExitCode(), nil
	}
	return 0, err
}

// withoutEnv is env without the variable name.
func withoutEnv(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

func subjects(entries []assertions.Entry) string {
	var s []string
	for _, e := range entries {
		s = append(s, e.Subject)
	}
	return strings.Join(s, ", ")
}

// verdictLine is the demo's verdict line ("FAIL (exit 99): ...").
func verdictLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "(exit ") {
			return strings.TrimSpace(l)
		}
	}
	return "no verdict line"
}
