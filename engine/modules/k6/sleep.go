package k6

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/grafana/sobek"
)

// sleep(seconds) pauses the VU; it returns early when the VU must stop.
func (i *instance) sleep(secs float64) {
	d := time.Duration(secs * float64(time.Second))
	if d <= 0 {
		return
	}
	if f, ok := i.vu.(flusher); ok {
		f.Flush()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-i.vu.Context().Done():
	}
}

// fail(msg) throws an Error: it fails the iteration, not the test.
func (i *instance) fail(call sobek.FunctionCall) sobek.Value {
	rt := i.vu.Runtime()
	msg := "fail() called"
	if a := call.Argument(0); !sobek.IsUndefined(a) {
		msg = a.String()
	}
	ctor, _ := rt.Get("Error").(*sobek.Object)
	if obj, err := rt.New(ctor, rt.ToValue(msg)); err == nil {
		panic(obj)
	}
	panic(rt.NewGoError(errors.New(msg)))
}

// randomSeed(n) makes Math.random() repeatable in this VU.
func (i *instance) randomSeed(seed int64) {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(seed)))
	i.vu.Runtime().SetRandSource(r.Float64)
}
