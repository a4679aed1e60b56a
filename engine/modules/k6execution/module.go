package k6execution

import (
	"errors"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/execution root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/execution module.
func New() modules.Module { return &Module{} }

// NewInstance binds the module to one VU.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	ex, ok := vu.(modules.Execution)
	if !ok {
		return nil, fmt.Errorf("k6/execution needs a VU that implements modules.Execution; got %T", vu)
	}
	return &instance{vu: vu, ex: ex}, nil
}

type instance struct {
	vu modules.VU
	ex modules.Execution
}

// Exports implements modules.Instance: vu, scenario, instance and test,
// both as named exports and as the default export. Their fields are read
// when accessed.
func (i *instance) Exports() modules.Exports {
	named := map[string]any{
		"vu":       i.vuObject(),
		"scenario": i.scenarioObject(),
		"instance": i.instanceObject(),
		"test":     i.testObject(),
	}
	return modules.Exports{Named: named}
}

// getter defines a read-only property computed on each access.
func (i *instance) getter(o *sobek.Object, name string, fn func() sobek.Value) {
	rt := i.vu.Runtime()
	get := rt.ToValue(func(sobek.FunctionCall) sobek.Value { return fn() })
	_ = o.DefineAccessorProperty(name, get, nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
}

// running returns the VU state or throws in init code.
func (i *instance) running(what string) *modules.State {
	st := i.vu.State()
	if st == nil {
		panic(i.vu.Runtime().NewGoError(fmt.Errorf("exec.%s is not available in init code; read it in default, setup, teardown or a scenario function", what)))
	}
	return st
}

func (i *instance) vuObject() sobek.Value {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	i.getter(o, "idInInstance", func() sobek.Value { return rt.ToValue(i.running("vu").VUID) })
	i.getter(o, "idInTest", func() sobek.Value { return rt.ToValue(i.running("vu").VUID) })
	i.getter(o, "iterationInInstance", func() sobek.Value { return rt.ToValue(i.running("vu").Iteration) })
	i.getter(o, "iterationInScenario", func() sobek.Value { return rt.ToValue(i.running("vu").Iteration) })
	tags := i.tagsObject()
	_ = o.Set("tags", tags)
	m := rt.NewObject()
	_ = m.Set("tags", tags)
	_ = m.Set("metadata", rt.NewObject())
	_ = o.Set("metrics", m)
	return o
}

func (i *instance) scenarioObject() sobek.Value {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	info := func() modules.ScenarioInfo {
		i.running("scenario")
		return i.ex.ScenarioInfo()
	}
	i.getter(o, "name", func() sobek.Value { return rt.ToValue(info().Name) })
	i.getter(o, "executor", func() sobek.Value { return rt.ToValue(info().Executor) })
	i.getter(o, "startTime", func() sobek.Value { return rt.ToValue(info().StartTime.UnixMilli()) })
	i.getter(o, "progress", func() sobek.Value { return rt.ToValue(info().Progress) })
	i.getter(o, "iterationInInstance", func() sobek.Value { return rt.ToValue(i.running("scenario").IterationInScenario) })
	i.getter(o, "iterationInTest", func() sobek.Value { return rt.ToValue(i.running("scenario").IterationInScenario) })
	return o
}

func (i *instance) instanceObject() sobek.Value {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	i.getter(o, "iterationsCompleted", func() sobek.Value { return rt.ToValue(i.ex.InstanceInfo().IterationsCompleted) })
	i.getter(o, "iterationsInterrupted", func() sobek.Value { return rt.ToValue(i.ex.InstanceInfo().IterationsInterrupted) })
	i.getter(o, "vusActive", func() sobek.Value { return rt.ToValue(i.ex.InstanceInfo().VUsActive) })
	i.getter(o, "vusInitialized", func() sobek.Value { return rt.ToValue(i.ex.InstanceInfo().VUsInitialized) })
	i.getter(o, "currentTestRunDuration", func() sobek.Value {
		return rt.ToValue(float64(i.ex.InstanceInfo().CurrentTestRunDuration.Microseconds()) / 1000)
	})
	return o
}

func (i *instance) testObject() sobek.Value {
	rt := i.vu.Runtime()
	o := rt.NewObject()
	_ = o.Set("abort", withReason(i.ex.Abort))
	_ = o.Set("fail", withReason(i.ex.Fail))
	i.getter(o, "options", func() sobek.Value {
		parse, _ := sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
		v, err := parse(sobek.Undefined(), rt.ToValue(string(i.ex.TestOptions())))
		if err != nil {
			panic(rt.NewGoError(errors.New("exec.test.options: options are not valid JSON")))
		}
		return v
	})
	return o
}

// withReason makes fn(reason) callable from JavaScript with an optional
// message argument.
func withReason(fn func(reason string)) func(sobek.FunctionCall) sobek.Value {
	return func(call sobek.FunctionCall) sobek.Value {
		reason := ""
		if a := call.Argument(0); !sobek.IsUndefined(a) {
			reason = a.String()
		}
		fn(reason)
		return sobek.Undefined()
	}
}
