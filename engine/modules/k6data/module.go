package k6data

import (
	"errors"
	"fmt"
	"sync"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/data root module; it holds the run's shared arrays.
type Module struct {
	mu     sync.Mutex
	arrays map[string]*shared
}

var _ modules.Module = (*Module)(nil)

// New returns the k6/data module for one run.
func New() *Module { return &Module{arrays: map[string]*shared{}} }

// shared is one named array: its elements as JSON, built once.
type shared struct {
	once  sync.Mutex // held while the first VU runs fn
	built bool
	elems [][]byte
}

// entry returns the shared array of name, creating its slot.
func (m *Module) entry(name string) *shared {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.arrays[name]
	if !ok {
		s = &shared{}
		m.arrays[name] = s
	}
	return s
}

// NewInstance binds the module to one VU.
func (m *Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	rt := vu.Runtime()
	freeze, err := rt.RunString(deepFreezeJS)
	if err != nil {
		return nil, fmt.Errorf("k6/data: %w", err)
	}
	fn, _ := sobek.AssertFunction(freeze)
	parse, _ := sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	stringify, _ := sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	return &instance{m: m, vu: vu, freeze: fn, parse: parse, stringify: stringify}, nil
}

// deepFreezeJS freezes a decoded element and everything in it.
const deepFreezeJS = `(function deepFreeze(o) {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const k of Object.keys(o)) deepFreeze(o[k]);
  }
  return o;
})`

type instance struct {
	m                        *Module
	vu                       modules.VU
	freeze, parse, stringify sobek.Callable
}

// Exports implements modules.Instance.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"SharedArray": i.newSharedArray}}
}

// newSharedArray is `new SharedArray(name, fn)`.
func (i *instance) newSharedArray(call sobek.ConstructorCall) *sobek.Object {
	rt := i.vu.Runtime()
	if i.vu.State() != nil {
		panic(rt.NewGoError(errors.New("new SharedArray must be called in the init context (the top level of the script), not in default, setup or teardown")))
	}
	name := call.Argument(0).String()
	if sobek.IsUndefined(call.Argument(0)) || name == "" {
		panic(rt.NewTypeError("SharedArray: empty name provided to SharedArray's constructor: give each array a name, e.g. new SharedArray('users', function () { ... })"))
	}
	fn, ok := sobek.AssertFunction(call.Argument(1))
	if !ok {
		panic(rt.NewTypeError(fmt.Sprintf("SharedArray %q: a function is expected as the second argument, one that returns the array", name)))
	}
	s := i.m.entry(name)
	s.once.Lock()
	defer s.once.Unlock()
	if !s.built {
		elems, err := i.build(name, fn)
		if err != nil {
			panic(err)
		}
		s.elems, s.built = elems, true
	}
	return rt.NewDynamicArray(&view{i: i, name: name, elems: s.elems})
}

// build runs fn once and serializes each element of its array to JSON.
func (i *instance) build(name string, fn sobek.Callable) ([][]byte, error) {
	rt := i.vu.Runtime()
	ret, err := fn(sobek.Undefined())
	if err != nil {
		return nil, err
	}
	arr, ok := ret.(*sobek.Object)
	if !ok || arr.ClassName() != "Array" {
		panic(rt.NewTypeError(fmt.Sprintf("SharedArray %q: the function must return an array, got %s", name, valueString(ret))))
	}
	n := arr.Get("length").ToInteger()
	elems := make([][]byte, n)
	for k := int64(0); k < n; k++ {
		js, err := i.stringify(sobek.Undefined(), arr.Get(fmt.Sprint(k)))
		if err != nil {
			return nil, err
		}
		if sobek.IsUndefined(js) {
			elems[k] = []byte("null") // as JSON.stringify does in arrays
			continue
		}
		elems[k] = []byte(js.String())
	}
	return elems, nil
}

func valueString(v sobek.Value) string {
	if v == nil {
		return "undefined"
	}
	return v.String()
}

// view is one VU's read-only window on a shared array.
type view struct {
	i     *instance
	name  string
	elems [][]byte
}

var _ sobek.DynamicArray = (*view)(nil)

// Len implements sobek.DynamicArray.
func (v *view) Len() int { return len(v.elems) }

// Get implements sobek.DynamicArray: the element decoded and frozen.
func (v *view) Get(idx int) sobek.Value {
	if idx < 0 || idx >= len(v.elems) {
		return sobek.Undefined()
	}
	rt := v.i.vu.Runtime()
	val, err := v.i.parse(sobek.Undefined(), rt.ToValue(string(v.elems[idx])))
	if err != nil {
		panic(err)
	}
	out, err := v.i.freeze(sobek.Undefined(), val)
	if err != nil {
		panic(err)
	}
	return out
}

// Set implements sobek.DynamicArray: a SharedArray is read-only.
func (v *view) Set(int, sobek.Value) bool { return false }

// SetLen implements sobek.DynamicArray.
func (v *view) SetLen(int) bool { return false }
