package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"

	"github.com/grafana/sobek"
)

// open implements the global open(path[, "b"]): it reads a file relative
// to the calling module's folder, in init code only, as k6 does.
func (v *vu) open(call sobek.FunctionCall) sobek.Value {
	if v.state != nil {
		panic(v.rt.NewGoError(errors.New("open() can only be called from init code (the top level of the script), not from default, setup or teardown")))
	}
	name := call.Argument(0).String()
	if name == "" || sobek.IsUndefined(call.Argument(0)) {
		panic(v.rt.NewGoError(errors.New("open(): give a file path")))
	}
	if !filepath.IsAbs(name) {
		base := v.run.loader.pathOf(v.rt.GetActiveScriptOrModule())
		if base == "" {
			base = v.run.loader.mainPath
		}
		name = filepath.Join(filepath.Dir(base), name)
	}
	b, err := v.run.loader.readFile(name)
	if err != nil {
		panic(v.rt.NewGoError(fmt.Errorf("open(%q): %w", call.Argument(0).String(), err)))
	}
	if mode := call.Argument(1); !sobek.IsUndefined(mode) && mode.String() == "b" {
		return v.rt.ToValue(v.rt.NewArrayBuffer(append([]byte(nil), b...)))
	}
	return v.rt.ToValue(string(b))
}

// newConsole returns the console object: messages go to the run's logger
// (stderr) tagged with the VU number, as k6's console does.
func newConsole(v *vu) *sobek.Object {
	o := v.rt.NewObject()
	levels := []struct {
		name  string
		level slog.Level
	}{
		{"log", slog.LevelInfo}, {"info", slog.LevelInfo}, {"debug", slog.LevelDebug},
		{"warn", slog.LevelWarn}, {"error", slog.LevelError},
	}
	for _, l := range levels {
		_ = o.Set(l.name, func(call sobek.FunctionCall) sobek.Value {
			v.consoleLog(l.level, call.Arguments)
			return sobek.Undefined()
		})
	}
	return o
}

func (v *vu) consoleLog(level slog.Level, args []sobek.Value) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = v.format(a)
	}
	attrs := []any{"source", "console", "vu", v.id}
	if v.state != nil && v.state.Scenario != "" {
		attrs = append(attrs, "scenario", v.state.Scenario, "iter", v.state.Iteration)
	}
	v.run.logger.Log(context.Background(), level, strings.Join(parts, " "), attrs...)
}

// format renders a console argument: strings as they are, errors with
// their message, other objects as JSON.
func (v *vu) format(a sobek.Value) string {
	obj, ok := a.(*sobek.Object)
	if !ok || obj == nil {
		if a == nil {
			return "undefined"
		}
		return a.String()
	}
	if _, isFn := sobek.AssertFunction(a); isFn || obj.ClassName() == "Error" {
		return a.String()
	}
	var out string
	if ex := v.rt.Try(func() {
		b, err := obj.MarshalJSON()
		if err != nil {
			out = a.String()
			return
		}
		out = string(b)
	}); ex != nil {
		return a.String()
	}
	return out
}
