package k6metrics

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// ErrInitOnly is thrown when a metric is created outside init code.
var ErrInitOnly = errors.New("metrics must be declared in the init context: create them at the top level of the script, outside default() and setup()")

// ErrAddInInit is thrown when add() is called in init code.
var ErrAddInInit = errors.New("adding to metrics in the init context is not supported: call add() from default(), setup() or teardown()")

// throw raises err as a JavaScript exception; sobek turns this panic into
// a catchable JS error at the call boundary.
func throw(rt *sobek.Runtime, err error) {
	panic(rt.NewGoError(err))
}

// constructor returns `new Counter(name, isTime)` and friends.
func (i *instance) constructor(typ metrics.Type) func(sobek.ConstructorCall) *sobek.Object {
	return func(call sobek.ConstructorCall) *sobek.Object {
		rt := i.vu.Runtime()
		if i.vu.State() != nil {
			throw(rt, ErrInitOnly)
		}
		name := call.Argument(0)
		if sobek.IsUndefined(name) || sobek.IsNull(name) {
			throw(rt, fmt.Errorf("new %s(name): the metric name is missing", typeName(typ)))
		}
		vt := metrics.Default
		if call.Argument(1).ToBoolean() {
			vt = metrics.Time
		}
		m, err := i.vu.InitEnv().Registry.NewMetric(name.String(), typ, vt)
		if err != nil {
			throw(rt, err)
		}
		obj := call.This
		if err := obj.DefineDataProperty("name", rt.ToValue(m.Name), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE); err != nil {
			throw(rt, err)
		}
		if err := obj.Set("add", func(fc sobek.FunctionCall) sobek.Value {
			return rt.ToValue(i.add(m, fc.Argument(0), fc.Argument(1)))
		}); err != nil {
			throw(rt, err)
		}
		return nil // the constructed `this`
	}
}

// add pushes one sample; it returns true when the sample was recorded
// (false once the VU is stopping).
func (i *instance) add(m *metrics.Metric, v, tags sobek.Value) bool {
	rt := i.vu.Runtime()
	st := i.vu.State()
	if st == nil {
		throw(rt, ErrAddInInit)
	}
	value, err := toValue(m, v)
	if err != nil {
		throw(rt, err)
	}
	ts, err := mergeTags(st.Tags, tags)
	if err != nil {
		throw(rt, fmt.Errorf("%s.add(): %w", m.Name, err))
	}
	if i.vu.Context().Err() != nil {
		return false
	}
	st.Samples.Push(metrics.Sample{Metric: m, Tags: ts, Time: time.Now(), Value: value})
	return true
}

// toValue coerces a JS value as k6 does: numbers, numeric strings and
// booleans (true is 1); null, undefined and anything that is NaN throw.
func toValue(m *metrics.Metric, v sobek.Value) (float64, error) {
	if v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) {
		return 0, fmt.Errorf("%s.add(): %v is an invalid value for metric %q: pass a number or a boolean", m.Name, v, m.Name)
	}
	f := v.ToFloat()
	if f == 0 && v.ToBoolean() {
		f = 1
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s.add(): %q is an invalid value for metric %q: pass a finite number or a boolean", m.Name, v.String(), m.Name)
	}
	return f, nil
}

// mergeTags adds the call's tags (an object of strings, numbers or
// booleans) over the VU's current tags.
func mergeTags(base *metrics.TagSet, tags sobek.Value) (*metrics.TagSet, error) {
	if tags == nil || sobek.IsUndefined(tags) || sobek.IsNull(tags) {
		return base, nil
	}
	obj, ok := tags.(*sobek.Object)
	if !ok {
		return nil, fmt.Errorf("tags must be an object like {name: \"value\"}, got %q", tags.String())
	}
	out := base
	for _, k := range obj.Keys() {
		val := obj.Get(k)
		if sobek.IsUndefined(val) || sobek.IsNull(val) {
			return nil, fmt.Errorf("tag %q is null or undefined: use a string", k)
		}
		if _, isObj := val.(*sobek.Object); isObj {
			return nil, fmt.Errorf("tag %q must be a string, number or boolean, got %s", k, val.String())
		}
		out = out.With(k, val.String())
	}
	if out == nil {
		out = metrics.NewTagSet(nil)
	}
	return out, nil
}

func typeName(t metrics.Type) string {
	switch t {
	case metrics.Counter:
		return "Counter"
	case metrics.Gauge:
		return "Gauge"
	case metrics.Rate:
		return "Rate"
	default:
		return "Trend"
	}
}
