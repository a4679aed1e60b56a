package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// later is a module whose later(ms, value) resolves a promise from another
// goroutine through the VU's event loop, as network modules do.
type later struct{}

func (later) NewInstance(vu modules.VU) (modules.Instance, error) { return laterInstance{vu}, nil }

type laterInstance struct{ vu modules.VU }

func (l laterInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"later": func(call sobek.FunctionCall) sobek.Value {
			rt := l.vu.Runtime()
			ms, val := call.Argument(0).ToInteger(), call.Argument(1)
			p, resolve, _ := rt.NewPromise()
			enqueue := l.vu.(modules.EventLoop).RegisterCallback()
			go func() {
				time.Sleep(time.Duration(ms) * time.Millisecond)
				enqueue(func() error { return resolve(val) })
			}()
			return rt.ToValue(p)
		},
	}}
}

func TestAsyncModuleCallbacks(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "async_module.js", nil, func(opts *engine.Options) {
		opts.Modules["k6/x/later"] = later{}
	})
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "checks", "passes"); v != 6 {
		t.Errorf("checks passes = %v, want 6", v)
	}
	if v := mustValue(t, o.res.Summary, "iteration_duration", "min"); v < 20 {
		t.Errorf("iteration_duration min = %vms: iterations must wait for their promises (20ms)", v)
	}
}
