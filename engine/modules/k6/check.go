package k6

import (
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// check(val, sets[, tags]) evaluates each named condition (a function of
// val or a plain value), records it and returns whether all passed.
func (i *instance) check(call sobek.FunctionCall) sobek.Value {
	rt := i.vu.Runtime()
	st := i.state("check")
	val := call.Argument(0)
	setsArg := call.Argument(1)
	if sobek.IsUndefined(setsArg) || sobek.IsNull(setsArg) {
		return rt.ToValue(true)
	}
	sets := setsArg.ToObject(rt)
	tags := withTagArg(rt, st.Tags, call.Argument(2))
	group := i.node(st.Group)
	checks := i.vu.InitEnv().Builtin.Checks
	now := time.Now()
	all := true
	for _, name := range sets.Keys() {
		ok := evaluate(rt, sets.Get(name), val)
		group.Check(name).Record(ok)
		v := 0.0
		if ok {
			v = 1
		}
		st.Samples.Push(metrics.Sample{Metric: checks, Tags: tags.With("check", name), Time: now, Value: v})
		all = all && ok
	}
	return rt.ToValue(all)
}

// evaluate runs one condition: a function is called with val, anything
// else is taken for its truthiness.
func evaluate(rt *sobek.Runtime, cond, val sobek.Value) bool {
	fn, ok := sobek.AssertFunction(cond)
	if !ok {
		return cond.ToBoolean()
	}
	out, err := fn(sobek.Undefined(), val)
	if err != nil {
		throw(rt, err)
	}
	return out.ToBoolean()
}

// withTagArg adds the string form of each property of a tags object.
func withTagArg(rt *sobek.Runtime, tags *metrics.TagSet, arg sobek.Value) *metrics.TagSet {
	if sobek.IsUndefined(arg) || sobek.IsNull(arg) {
		return tags
	}
	obj := arg.ToObject(rt)
	for _, k := range obj.Keys() {
		tags = tags.With(k, obj.Get(k).String())
	}
	return tags
}
