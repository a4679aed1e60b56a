package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// panicky is a module whose functions panic like a buggy module would.
type panicky struct{}

func (panicky) NewInstance(vu modules.VU) (modules.Instance, error) { return panickyInstance{vu}, nil }

type panickyInstance struct{ vu modules.VU }

func (p panickyInstance) Exports() modules.Exports {
	obj := p.vu.Runtime().NewObject()
	_ = obj.Set("boom", func(sobek.FunctionCall) sobek.Value { panic("nested bug") })
	return modules.Exports{Named: map[string]any{
		"boom": func(sobek.FunctionCall) sobek.Value {
			var m map[string]int
			m["x"] = 1 // a Go runtime panic
			return nil
		},
		"obj": obj,
	}}
}

func TestModulePanicsBecomeErrors(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "panics.js", nil, func(opts *engine.Options) {
		opts.Modules["k6/x/panicky"] = panicky{}
	})
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 3 {
		t.Errorf("caught panics = %v, want 3 (one per iteration)", v)
	}
	if !strings.Contains(o.stderr, "nested bug") {
		t.Errorf("stderr lacks the nested panic:\n%s", o.stderr)
	}
	if strings.Contains(o.stderr, "goroutine ") {
		t.Errorf("stderr has a Go stack trace:\n%s", o.stderr)
	}
}
