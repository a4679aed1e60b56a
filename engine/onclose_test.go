package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// closer is a module that pushes one sample from its OnClose hook, as
// modules that report session durations when the VU ends do.
type closer struct{}

func (closer) NewInstance(vu modules.VU) (modules.Instance, error) {
	m, err := vu.InitEnv().Registry.NewMetric("closed_vus", metrics.Counter)
	if err != nil {
		return nil, err
	}
	c := &closerInstance{vu: vu, metric: m}
	vu.OnClose(c.close)
	return c, nil
}

type closerInstance struct {
	vu      modules.VU
	metric  *metrics.Metric
	touched bool
}

func (c *closerInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"touch": func() { c.touched = true }}}
}

func (c *closerInstance) close() error {
	st := c.vu.State()
	if !c.touched || st == nil {
		return nil
	}
	st.Samples.Push(metrics.Sample{Metric: c.metric, Tags: st.Tags, Time: time.Now(), Value: 1})
	return nil
}

func TestSamplesPushedOnCloseReachTheSummary(t *testing.T) {
	t.Parallel()
	o := runScript(t, context.Background(), "on_close.js", nil, func(opts *engine.Options) {
		opts.Modules["k6/x/closer"] = closer{}
	})
	if o.err != nil {
		t.Fatalf("run: %v\n%s", o.err, o.stderr)
	}
	if v := mustValue(t, o.res.Summary, "closed_vus", "count"); v != 3 {
		t.Errorf("closed_vus count = %v, want 3 (one per VU, pushed while the VU closes)", v)
	}
}
