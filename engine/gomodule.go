package engine

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// goModuleRecord makes a registered Go module importable: one record per
// run, one instance per VU runtime (modules.Module.NewInstance).
type goModuleRecord struct {
	spec   string
	mod    modules.Module
	loader *loader
	names  []string // exported names, "default" included
}

var (
	_ sobek.CyclicModuleRecord   = (*goModuleRecord)(nil)
	_ sobek.CyclicModuleInstance = (*goModuleInstance)(nil)
)

func (g *goModuleRecord) setNames(inst *goModuleInstance) {
	names := make([]string, 0, len(inst.values))
	for n := range inst.values {
		names = append(names, n)
	}
	sort.Strings(names)
	g.names = names
}

// Link implements sobek.ModuleRecord.
func (g *goModuleRecord) Link() error { return nil }

// Evaluate implements sobek.ModuleRecord.
func (g *goModuleRecord) Evaluate(rt *sobek.Runtime) *sobek.Promise {
	return rt.CyclicModuleRecordEvaluate(g, g.loader.resolve)
}

// GetExportedNames implements sobek.ModuleRecord.
func (g *goModuleRecord) GetExportedNames(callback func([]string), _ ...sobek.ModuleRecord) bool {
	callback(g.names)
	return true
}

// ResolveExport implements sobek.ModuleRecord.
func (g *goModuleRecord) ResolveExport(name string, _ ...sobek.ResolveSetElement) (*sobek.ResolvedBinding, bool) {
	i := sort.SearchStrings(g.names, name)
	if i < len(g.names) && g.names[i] == name {
		return &sobek.ResolvedBinding{Module: g, BindingName: name}, false
	}
	return nil, false
}

// RequestedModules implements sobek.CyclicModuleRecord.
func (g *goModuleRecord) RequestedModules() []string { return nil }

// InitializeEnvironment implements sobek.CyclicModuleRecord.
func (g *goModuleRecord) InitializeEnvironment() error { return nil }

// Instantiate implements sobek.CyclicModuleRecord: the VU that owns rt
// gets (or has) its own instance of the module.
func (g *goModuleRecord) Instantiate(rt *sobek.Runtime) (sobek.CyclicModuleInstance, error) {
	v, ok := g.loader.vuOf(rt)
	if !ok {
		return nil, fmt.Errorf("import %q: runtime belongs to no VU", g.spec)
	}
	return v.instantiate(g)
}

// goModuleInstance holds one VU's export values of a Go module.
type goModuleInstance struct {
	values map[string]sobek.Value
}

// GetBindingValue implements sobek.ModuleInstance.
func (i *goModuleInstance) GetBindingValue(name string) sobek.Value { return i.values[name] }

// HasTLA implements sobek.CyclicModuleInstance.
func (i *goModuleInstance) HasTLA() bool { return false }

// ExecuteModule implements sobek.CyclicModuleInstance.
func (i *goModuleInstance) ExecuteModule(*sobek.Runtime, func(any) error, func(any) error) (sobek.CyclicModuleInstance, error) {
	return i, nil
}

// newGoModuleInstance converts a module instance's exports for rt.
func newGoModuleInstance(rt *sobek.Runtime, spec string, ex modules.Exports) *goModuleInstance {
	values := make(map[string]sobek.Value, len(ex.Named)+1)
	for name, v := range ex.Named {
		values[name] = guardValue(rt, spec, name, v)
	}
	if ex.Default != nil {
		values["default"] = guardValue(rt, spec, "default", ex.Default)
	} else {
		obj := rt.NewObject()
		for name, v := range values {
			_ = obj.Set(name, v)
		}
		values["default"] = obj
	}
	return &goModuleInstance{values: values}
}

// guardValue converts export name of module spec, wrapping Go functions
// so that a Go panic inside them becomes a JavaScript exception naming the
// function instead of crashing the run.
func guardValue(rt *sobek.Runtime, spec, name string, v any) sobek.Value {
	label := spec + "." + name
	var fn sobek.Value
	switch f := v.(type) {
	case func(sobek.FunctionCall) sobek.Value:
		fn = rt.ToValue(func(call sobek.FunctionCall) sobek.Value {
			defer recoverGoPanic(rt, label)
			return f(call)
		})
	case func(sobek.ConstructorCall) *sobek.Object:
		fn = rt.ToValue(func(call sobek.ConstructorCall) *sobek.Object {
			defer recoverGoPanic(rt, label)
			return f(call)
		})
	case sobek.Value:
		return f
	default:
		return rt.ToValue(v)
	}
	// Stack traces show the export's name, not the wrapper's Go name.
	_ = fn.(*sobek.Object).DefineDataProperty("name", rt.ToValue(name), sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	return fn
}

// recoverGoPanic re-throws JavaScript exceptions and interrupts as they
// are, and turns any other panic into a JavaScript Error.
func recoverGoPanic(rt *sobek.Runtime, name string) {
	r := recover()
	if r == nil {
		return
	}
	if isJSPanic(r) {
		panic(r)
	}
	panic(rt.NewGoError(fmt.Errorf("%s: internal error in the module: %v", name, r)))
}

// isJSPanic reports whether a recovered value is sobek's own way of
// throwing: exceptions, thrown values, interrupts and its internal error
// types all come from the sobek package.
func isJSPanic(r any) bool {
	t := reflect.TypeOf(r)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == sobekPkg
}

const sobekPkg = "github.com/grafana/sobek"
