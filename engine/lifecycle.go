package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// handleSummaryTimeout bounds handleSummary(), as in k6.
const handleSummaryTimeout = 2 * time.Minute

// lifecycleFn returns an exported lifecycle function (setup, teardown,
// handleSummary), nil when the script has none.
func (v *vu) lifecycleFn(name string) sobek.Callable {
	fn, _ := sobek.AssertFunction(v.ns.Get(name))
	return fn
}

// enter sets the VU's state for setup or teardown: no scenario, the
// k6 group "::setup" or "::teardown".
func (v *vu) enter(stage string) {
	g := "::" + stage
	v.st.VUID, v.st.VUIDInScenario = 0, 0
	v.st.Scenario, v.st.Group = "", g
	v.st.Tags = v.run.initEnv.Tags.With("group", g)
	v.state = &v.st
}

// runSetup calls setup() and keeps its JSON result for the VUs; false
// means the test must not run.
func (e *Engine) runSetup(ctx context.Context, st *runStatus) bool {
	v := e.initVU
	fn := v.lifecycleFn("setup")
	if fn == nil || e.options.NoSetup {
		return true
	}
	timeout := e.options.setupTimeout()
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v.enter("setup")
	unbind := v.bind(sctx)
	ret, err := v.call(fn)
	if err == nil {
		e.run.setupJSON, err = v.stringify(ret)
	}
	unbind()
	v.out.Flush()
	switch {
	case err == nil:
		return true
	case ctx.Err() != nil:
		return false // aborted or stopped: the run cause says why
	case errors.Is(sctx.Err(), context.DeadlineExceeded):
		st.fail(&Error{Code: ExitSetupTimeout, Err: fmt.Errorf("setup() did not finish within setupTimeout %s: raise options.setupTimeout or make setup faster", timeout)})
	default:
		st.fail(&Error{Code: ExitScriptException, Err: fmt.Errorf("setup: %w", jsError(err))})
	}
	return false
}

// runTeardown calls teardown(data); only Abort interrupts it.
func (e *Engine) runTeardown(st *runStatus) {
	v := e.initVU
	fn := v.lifecycleFn("teardown")
	if fn == nil || e.options.NoTeardown {
		return
	}
	timeout := e.options.teardownTimeout()
	tctx, cancel := context.WithTimeout(e.hardCtx, timeout)
	defer cancel()
	v.enter("teardown")
	unbind := v.bind(tctx)
	_, err := v.call(fn, v.setupData())
	unbind()
	v.out.Flush()
	switch {
	case err == nil, e.hardCtx.Err() != nil:
	case errors.Is(tctx.Err(), context.DeadlineExceeded):
		st.fail(&Error{Code: ExitTeardownTimeout, Err: fmt.Errorf("teardown() did not finish within teardownTimeout %s: raise options.teardownTimeout", timeout)})
	case errors.Is(err, ErrAborted) || isAbortInterrupt(err):
	default:
		st.fail(&Error{Code: ExitScriptException, Err: fmt.Errorf("teardown: %w", jsError(err))})
	}
}

// isAbortInterrupt reports an interrupt caused by test.abort().
func isAbortInterrupt(err error) bool {
	var ie *sobek.InterruptedError
	if errors.As(err, &ie) {
		e, ok := ie.Value().(error)
		return ok && errors.Is(e, ErrAborted)
	}
	return false
}

// stringify is JSON.stringify(val) ("" for undefined).
func (v *vu) stringify(val sobek.Value) (string, error) {
	if val == nil || sobek.IsUndefined(val) {
		return "", nil
	}
	fn, _ := sobek.AssertFunction(v.rt.Get("JSON").ToObject(v.rt).Get("stringify"))
	out, err := fn(sobek.Undefined(), val)
	if err != nil {
		return "", fmt.Errorf("setup() data cannot be serialized to JSON: %w", err)
	}
	if sobek.IsUndefined(out) {
		return "", nil
	}
	return out.String(), nil
}

// writeSummary builds the summary data, hands it to handleSummary (or
// prints the text summary) and writes --summary-export and --junit;
// with --no-summary only --junit.
func (e *Engine) writeSummary(elapsed time.Duration, st *runStatus) map[string]any {
	opts := e.options.summaryOptions()
	opts.NoColor = e.opts.NoColor || !e.opts.StdoutTTY
	opts.IsStdOutTTY, opts.IsStdErrTTY = e.opts.StdoutTTY, e.opts.StderrTTY
	data := summary.Build(summary.Input{
		Registry: e.run.initEnv.Registry, Root: e.run.root, Thresholds: e.thresholds,
		Elapsed: elapsed, Options: opts,
	})
	e.addSetupData(data)
	if e.opts.NoSummary {
		e.writeReport(e.opts.JUnit, "--junit", func() ([]byte, error) { return summary.JUnit(data) }, st)
		return data
	}
	handled := false
	if fn := e.initVU.lifecycleFn("handleSummary"); fn != nil {
		if err := e.handleSummary(fn, data); err != nil {
			e.run.logger.Error("handleSummary failed; printing the default summary instead: " + jsError(err).Error())
		} else {
			handled = true
		}
	}
	if !handled {
		fmt.Fprint(e.opts.Stdout, summary.Text(data, opts))
	}
	e.writeReport(e.opts.SummaryExport, "--summary-export", func() ([]byte, error) { return summary.Export(data) }, st)
	e.writeReport(e.opts.JUnit, "--junit", func() ([]byte, error) { return summary.JUnit(data) }, st)
	e.writeReport(e.opts.SummaryPart, "--summary-part", func() ([]byte, error) { return e.summaryPart(elapsed, opts) }, st)
	return data
}

func (e *Engine) writeReport(path, flag string, render func() ([]byte, error), st *runStatus) {
	if path == "" {
		return
	}
	b, err := render()
	if err == nil {
		err = writeFile(path, b)
	}
	if err != nil {
		st.fail(&Error{Code: ExitGeneric, Err: fmt.Errorf("%s %s: %w", flag, path, err)})
	}
}

// handleSummary calls handleSummary(data) and writes what it returns:
// "stdout", "stderr", or file paths (relative to the working directory).
func (e *Engine) handleSummary(fn sobek.Callable, data map[string]any) error {
	v := e.initVU
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("summary data: %w", err)
	}
	ctx, cancel := context.WithTimeout(e.hardCtx, handleSummaryTimeout)
	defer cancel()
	v.enter("handleSummary")
	unbind := v.bind(ctx)
	defer unbind()
	arg, err := v.parse(sobek.Undefined(), v.rt.ToValue(string(raw)))
	if err != nil {
		return err
	}
	ret, err := v.call(fn, arg)
	if err != nil {
		return err
	}
	obj, ok := ret.(*sobek.Object)
	if !ok {
		if ret == nil || sobek.IsUndefined(ret) || sobek.IsNull(ret) {
			return nil
		}
		return fmt.Errorf("handleSummary must return an object like {stdout: '...', 'file.json': '...'}, got %s", ret.String())
	}
	for _, key := range obj.Keys() {
		content, err := summaryContent(obj.Get(key))
		if err != nil {
			return fmt.Errorf("handleSummary result %q: %w", key, err)
		}
		if err := e.writeSummaryOutput(key, content); err != nil {
			return err
		}
	}
	return nil
}

func summaryContent(val sobek.Value) ([]byte, error) {
	switch x := val.Export().(type) {
	case string:
		return []byte(x), nil
	case sobek.ArrayBuffer:
		return x.Bytes(), nil
	case []byte:
		return x, nil
	}
	return nil, fmt.Errorf("want a string or ArrayBuffer, got %s", val.String())
}

func (e *Engine) writeSummaryOutput(key string, content []byte) error {
	var w io.Writer
	switch key {
	case "stdout":
		w = e.opts.Stdout
	case "stderr":
		w = e.opts.Stderr
	default:
		if err := writeFile(key, content); err != nil {
			return fmt.Errorf("handleSummary: write %s: %w", key, err)
		}
		return nil
	}
	_, err := w.Write(content)
	return err
}

// writeFile writes a report file, creating its folder.
func writeFile(path string, b []byte) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, b, 0o644)
}
