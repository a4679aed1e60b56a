package engine_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6crypto"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6data"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6encoding"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6execution"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6timers"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

// jsModules are the modules the test scripts import.
func jsModules() map[string]modules.Module {
	return map[string]modules.Module{
		"k6":           k6.New(),
		"k6/execution": k6execution.New(),
		"k6/metrics":   k6metrics.New(),
		"k6/crypto":    k6crypto.New(),
		"k6/data":      k6data.New(),
		"k6/encoding":  k6encoding.New(),
		"k6/timers":    k6timers.New(),
	}
}

// outcome is what one run produced.
type outcome struct {
	res            engine.Result
	err            error
	stdout, stderr string
}

// code is the exit code, whether the run failed in New or in Run.
func (o outcome) code() int { return engine.ExitCodeOf(o.err) }

// runScript runs testdata/<name> through the public entry point.
func runScript(t *testing.T, ctx context.Context, name string, env map[string]string, mod func(*engine.Options)) outcome {
	t.Helper()
	var stdout, stderr syncbuf.Buffer
	opts := engine.Options{
		ScriptPath: filepath.Join("testdata", name),
		Modules:    jsModules(),
		Env:        env,
		Stdout:     &stdout,
		Stderr:     &stderr,
		Logger:     slog.New(slog.NewTextHandler(&stderr, nil)),
	}
	if mod != nil {
		mod(&opts)
	}
	e, err := engine.New(ctx, opts)
	if err != nil {
		return outcome{err: err, stdout: stdout.String(), stderr: stderr.String()}
	}
	res, err := e.Run(ctx)
	return outcome{res: res, err: err, stdout: stdout.String(), stderr: stderr.String()}
}

// value reads data.metrics[name].values[stat]; ok is false when absent.
func value(data map[string]any, name, stat string) (float64, bool) {
	ms, _ := data["metrics"].(map[string]any)
	m, _ := ms[name].(map[string]any)
	vs, _ := m["values"].(map[string]any)
	v, ok := vs[stat].(float64)
	return v, ok
}

// mustValue is value that fails the test when the metric is absent.
func mustValue(t *testing.T, data map[string]any, name, stat string) float64 {
	t.Helper()
	v, ok := value(data, name, stat)
	if !ok {
		t.Fatalf("summary has no %s %s", name, stat)
	}
	return v
}
