package engine

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/parser"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// cjsWrapperHead wraps a CommonJS file in a function on its first line,
// so that stack traces keep the file's line numbers.
const cjsWrapperHead = "(function (module, exports, require, __filename, __dirname) {"

// require implements the global require(spec) of init code: a registered
// module ("k6/http") gives its default export; a relative or absolute
// path loads a CommonJS file (module.exports / exports.x), once per VU.
// An ES module file is refused with the import statement to use instead.
func (v *vu) require(call sobek.FunctionCall) sobek.Value {
	spec := call.Argument(0).String()
	if v.state != nil {
		panic(v.rt.NewGoError(fmt.Errorf("require(%q) can only be called from init code (the top level of the script); import modules at the top instead", spec)))
	}
	if sobek.IsUndefined(call.Argument(0)) || spec == "" {
		panic(v.rt.NewTypeError("require(): give a module name such as \"k6/http\" or a relative path such as \"./lib.js\""))
	}
	if mod, ok := v.run.loader.modules[spec]; ok {
		inst, err := v.run.loader.requireGoModule(v, spec, mod)
		if err != nil {
			panic(v.rt.NewGoError(err))
		}
		return inst.values["default"]
	}
	if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") && !filepath.IsAbs(spec) {
		panic(v.rt.NewGoError(fmt.Errorf("require(%q): unknown module; available modules: %s (files need a relative path such as \"./lib.js\"; remote modules need import ... from 'https://...')", spec, strings.Join(v.run.loader.moduleNames(), ", "))))
	}
	path := spec
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(v.requireBase()), path)
	}
	path = filepath.Clean(path)
	if exp, ok := v.cjs[path]; ok {
		return exp.Get("exports")
	}
	prog, err := v.run.loader.cjsProgram(path, spec)
	if err != nil {
		panic(v.rt.NewGoError(err))
	}
	return v.runCJS(path, prog)
}

// requireBase is the file a relative require() is relative to: the
// CommonJS file being loaded, else the calling ES module, else the script.
func (v *vu) requireBase() string {
	if n := len(v.cjsStack); n > 0 {
		return v.cjsStack[n-1]
	}
	if p := v.run.loader.pathOf(v.rt.GetActiveScriptOrModule()); p != "" && !isRemote(p) {
		return p
	}
	return v.run.loader.mainPath
}

// runCJS evaluates a compiled CommonJS file in this VU and returns its
// module.exports; the module object is cached first, so cycles see the
// exports built so far, as in Node.
func (v *vu) runCJS(path string, prog *sobek.Program) sobek.Value {
	fnv, err := v.rt.RunProgram(prog)
	if err != nil {
		panic(err)
	}
	fn, _ := sobek.AssertFunction(fnv)
	module := v.rt.NewObject()
	exports := v.rt.NewObject()
	_ = module.Set("exports", exports)
	if v.cjs == nil {
		v.cjs = map[string]*sobek.Object{}
	}
	v.cjs[path] = module
	v.cjsStack = append(v.cjsStack, path)
	defer func() { v.cjsStack = v.cjsStack[:len(v.cjsStack)-1] }()
	req := v.rt.Get("require")
	if _, err := fn(sobek.Undefined(), module, exports, req, v.rt.ToValue(path), v.rt.ToValue(filepath.Dir(path))); err != nil {
		delete(v.cjs, path)
		panic(err)
	}
	return module.Get("exports")
}

// cjsProgram compiles a CommonJS file once per run. A file that only
// parses as an ES module gets an error that says to import it.
func (l *loader) cjsProgram(path, spec string) (*sobek.Program, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.cjs[path]; ok {
		return p, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("require(%q): %w", spec, err)
	}
	prog, err := sobek.Compile(path, cjsWrapperHead+string(src)+"\n})", false)
	if err != nil {
		if _, merr := parser.ParseFile(nil, path, string(src), 0, parser.IsModule); merr == nil {
			return nil, fmt.Errorf("require(%q): %s is an ES module (it uses import/export), which require() cannot load: write `import ... from %q` at the top of the script instead", spec, path, spec)
		}
		return nil, fmt.Errorf("require(%q): %w", spec, compileError(err))
	}
	if l.cjs == nil {
		l.cjs = map[string]*sobek.Program{}
	}
	l.cjs[path] = prog
	return prog, nil
}

// requireGoModule returns v's instance of a registered module for
// require(), creating the run's record on first use without borrowing
// another VU's runtime.
func (l *loader) requireGoModule(v *vu, spec string, mod modules.Module) (*goModuleInstance, error) {
	l.mu.Lock()
	g, ok := l.goMods[spec]
	l.mu.Unlock()
	if ok {
		return v.instantiate(g)
	}
	g = &goModuleRecord{spec: spec, mod: mod, loader: l}
	inst, err := v.instantiate(g)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if prev, ok := l.goMods[spec]; ok {
		// Another VU made the record meanwhile: use it, so every VU has
		// one instance per module.
		delete(v.inst, g)
		return v.instantiate(prev)
	}
	g.setNames(inst)
	l.goMods[spec] = g
	return inst, nil
}

// looksCommonJS reports an imported file with no import or export that
// assigns module.exports or exports.x: k6 lets `import x from` such a
// file and gives module.exports as the default export.
func looksCommonJS(prog *ast.Program, src []byte) bool {
	if len(prog.ImportEntries) > 0 || len(prog.ExportEntries) > 0 {
		return false
	}
	return bytes.Contains(src, []byte("module.exports")) || bytes.Contains(src, []byte("exports."))
}

// commonJSAsModule wraps a CommonJS file as an ES module whose default
// export is its module.exports; for the main script (old k6 scripts set
// exports.options and exports.default) the k6 lifecycle names are
// exported from module.exports instead. The wrapper shares the first
// line, so line numbers stay the file's. The file runs in strict mode
// (modules are strict), and require() inside it works as in init code.
func commonJSAsModule(src []byte, main bool) string {
	tail := "export default module.exports;\n"
	if main {
		tail = "export default module.exports.default;\n"
		for _, name := range []string{"options", "setup", "teardown", "handleSummary"} {
			tail += "export const " + name + " = module.exports." + name + ";\n"
		}
	}
	return "const module = { exports: {} }; (function (module, exports, require) {" + string(src) +
		"\n})(module, module.exports, globalThis.require);\n" + tail
}
