package engine_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// ender is a module with a run-wide part: its EndRun returns verdict and
// records how many VUs had closed by then.
type ender struct {
	verdict error

	mu       sync.Mutex
	vus      int // instances made
	closed   int // instances closed
	ends     int // EndRun calls
	closedAt int // closed when EndRun ran
}

var _ modules.RunEnder = (*ender)(nil)

func (m *ender) NewInstance(vu modules.VU) (modules.Instance, error) {
	m.mu.Lock()
	m.vus++
	m.mu.Unlock()
	vu.OnClose(func() error {
		m.mu.Lock()
		m.closed++
		m.mu.Unlock()
		return nil
	})
	return enderInstance{}, nil
}

func (m *ender) EndRun() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ends++
	m.closedAt = m.closed
	return m.verdict
}

type enderInstance struct{}

func (enderInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"touch": func() {}}}
}

// TestEndRunVerdict: EndRun runs once, after every VU has closed, however
// the run ended, and its verdict sets the exit code when it is more
// severe than the run's own: 121 over everything, 120 over k6's codes,
// any failure over success.
func TestEndRunVerdict(t *testing.T) {
	t.Parallel()
	notReverted := &engine.Error{Code: engine.ExitFaultNotReverted, Err: errors.New("FAULT NOT REVERTED: f1")}
	couldNot := &engine.Error{Code: engine.ExitCouldNotEvaluate, Err: errors.New("backend unreachable")}
	generic := generic()
	for _, tc := range []struct {
		name, end string
		verdict   error
		code      int
		messages  []string
	}{
		{"passing run, no verdict", "ok", nil, 0, nil},
		{"passing run, not reverted", "ok", notReverted, 121, []string{"FAULT NOT REVERTED"}},
		{"passing run, plain error", "ok", generic, 1, []string{"disk full"}},
		{"setup threw, not reverted", "setup-throws", notReverted, 121, []string{"FAULT NOT REVERTED", "boom in setup"}},
		{"setup threw, plain error", "setup-throws", generic, 107, []string{"boom in setup", "disk full"}},
		{"aborted, not reverted", "abort", notReverted, 121, []string{"FAULT NOT REVERTED", "enough"}},
		{"aborted, no verdict", "abort", nil, 108, []string{"enough"}},
		{"thresholds crossed, could not evaluate", "thresholds", couldNot, 120, []string{"backend unreachable", "thresholds"}},
		{"two modules' verdicts: the worst wins", "ok", errors.Join(couldNot, notReverted, generic), 121, []string{"backend unreachable", "FAULT NOT REVERTED", "disk full"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := &ender{verdict: tc.verdict}
			o := runScript(t, context.Background(), "end_run.js", map[string]string{"END": tc.end}, func(opts *engine.Options) {
				opts.Modules["k6/x/ender"] = m
			})
			if got := o.code(); got != tc.code {
				t.Errorf("exit code = %d, want %d (err %v)\n%s", got, tc.code, o.err, o.stderr)
			}
			if o.res.ExitCode != tc.code {
				t.Errorf("Result.ExitCode = %d, want %d", o.res.ExitCode, tc.code)
			}
			for _, want := range tc.messages {
				if o.err == nil || !strings.Contains(o.err.Error(), want) {
					t.Errorf("error %v lacks %q", o.err, want)
				}
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			if m.ends != 1 {
				t.Errorf("EndRun called %d times, want once", m.ends)
			}
			if m.closedAt != m.vus || m.vus < 2 {
				t.Errorf("EndRun ran when %d of %d VUs had closed, want all", m.closedAt, m.vus)
			}
		})
	}
}

// TestEndRunWithoutRun: an engine closed without running still ends its
// modules' run, once.
func TestEndRunWithoutRun(t *testing.T) {
	t.Parallel()
	m := &ender{verdict: generic()}
	mods := jsModules()
	mods["k6/x/ender"] = m
	e, err := engine.New(context.Background(), engine.Options{ScriptPath: "testdata/end_run.js", Modules: mods, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Close = %v, want the verdict", err)
	}
	_ = e.Close()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ends != 1 || m.closedAt != m.vus {
		t.Errorf("EndRun calls %d (want 1), after %d of %d VUs closed", m.ends, m.closedAt, m.vus)
	}
}

func generic() error { return errors.New("events file: disk full") }
