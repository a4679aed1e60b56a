package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/grafana/sobek"
	"github.com/grafana/sobek/parser"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// loader compiles the script and the files it imports once per run, and
// resolves import specifiers: registered Go modules by exact name, files
// relative to the importing file. Compiled records are shared by all VUs;
// each VU instantiates them in its own runtime.
type loader struct {
	mainPath string
	modules  map[string]modules.Module
	remote   *remote

	mu      sync.Mutex
	files   map[string]*sobek.SourceTextModuleRecord // by absolute path
	paths   map[sobek.ModuleRecord]string            // record -> absolute path
	goMods  map[string]*goModuleRecord               // by specifier
	data    map[string][]byte                        // open() cache
	cjs     map[string]*sobek.Program                // require()d CommonJS files
	linkVU  *vu                                      // VU whose instances name Go module exports
	runtime sync.Map                                 // *sobek.Runtime -> *vu
}

func newLoader(mainPath string, mods map[string]modules.Module, rem *remote) *loader {
	return &loader{
		mainPath: mainPath,
		modules:  mods,
		remote:   rem,
		files:    map[string]*sobek.SourceTextModuleRecord{},
		paths:    map[sobek.ModuleRecord]string{},
		goMods:   map[string]*goModuleRecord{},
		data:     map[string][]byte{},
	}
}

// compileMain parses and links the main script with the help of the
// first VU (whose module instances tell which names Go modules export).
func (l *loader) compileMain(first *vu) (*sobek.SourceTextModuleRecord, error) {
	l.mu.Lock()
	l.linkVU = first
	l.mu.Unlock()
	m, err := l.file(l.mainPath)
	if err != nil {
		return nil, err
	}
	if err := linkModule(m); err != nil {
		return nil, err
	}
	return m, nil
}

// linkModule links m, turning compiler panics and errors into messages
// with file:line:col.
func linkModule(m *sobek.SourceTextModuleRecord) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("link script: %v", r)
		}
	}()
	if err := m.Link(); err != nil {
		return compileError(err)
	}
	return nil
}

// resolve implements sobek.HostResolveImportedModuleFunc.
func (l *loader) resolve(referrer any, spec string) (sobek.ModuleRecord, error) {
	if mod, ok := l.modules[spec]; ok {
		return l.goModule(spec, mod)
	}
	from := l.mainPath
	l.mu.Lock()
	if rec, ok := referrer.(sobek.ModuleRecord); ok {
		if p, ok := l.paths[rec]; ok {
			from = p
		}
	}
	l.mu.Unlock()
	relative := strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/")
	switch {
	case isRemote(spec):
		return l.remoteFile(from, spec)
	case relative && isRemote(from):
		u, err := resolveRemote(from, spec)
		if err != nil {
			return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("%s: import %q: %w", from, spec, err)}
		}
		return l.remoteFile(from, u)
	case relative, strings.HasPrefix(spec, "file://"):
		p := strings.TrimPrefix(spec, "file://")
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(from), p)
		}
		return l.file(p)
	}
	return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("%s: import %q: unknown module; available modules: %s (files need a relative path such as \"./lib.js\")", from, spec, strings.Join(l.moduleNames(), ", "))}
}

func (l *loader) moduleNames() []string {
	names := make([]string, 0, len(l.modules))
	for n := range l.modules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// file returns the compiled module of a script file, parsing it once.
func (l *loader) file(path string) (*sobek.SourceTextModuleRecord, error) {
	path = filepath.Clean(path)
	l.mu.Lock()
	defer l.mu.Unlock()
	if m, ok := l.files[path]; ok {
		return m, nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read script: %w", err)
	}
	return l.compile(path, src)
}

// remoteFile returns the compiled module of a URL, fetched (or read from
// the module cache) once per run.
func (l *loader) remoteFile(from, u string) (*sobek.SourceTextModuleRecord, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m, ok := l.files[u]; ok {
		return m, nil
	}
	if l.remote == nil {
		return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("%s: import %q: remote modules are not enabled in this engine", from, u)}
	}
	src, err := l.remote.source(u)
	if err != nil {
		return nil, &Error{Code: ExitScriptException, Err: fmt.Errorf("%s: %w", from, err)}
	}
	return l.compile(u, src)
}

// compile parses a module's source; name is its path or URL (l.mu held).
func (l *loader) compile(path string, src []byte) (*sobek.SourceTextModuleRecord, error) {
	ast, err := parser.ParseFile(nil, path, string(src), 0, parser.IsModule)
	if err != nil {
		return nil, compileError(err)
	}
	if looksCommonJS(ast, src) {
		if ast, err = parser.ParseFile(nil, path, commonJSAsModule(src, path == l.mainPath), 0, parser.IsModule); err != nil {
			return nil, compileError(err)
		}
	}
	m, err := sobek.ModuleFromAST(ast, l.resolve)
	if err != nil {
		return nil, compileError(err)
	}
	l.files[path] = m
	l.paths[m] = path
	return m, nil
}

// pathOf returns the file of a module record ("" when unknown).
func (l *loader) pathOf(m any) string {
	rec, ok := m.(sobek.ModuleRecord)
	if !ok {
		return ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.paths[rec]
}

// readFile serves open(), reading each file once per run.
func (l *loader) readFile(path string) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.data[path]; ok {
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l.data[path] = b
	return b, nil
}

// goModule returns the record of a registered Go module. The first call
// instantiates it for the linking VU to learn its export names.
func (l *loader) goModule(spec string, mod modules.Module) (sobek.ModuleRecord, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if g, ok := l.goMods[spec]; ok {
		return g, nil
	}
	if l.linkVU == nil {
		return nil, fmt.Errorf("import %q: module loaded outside of linking", spec)
	}
	g := &goModuleRecord{spec: spec, mod: mod, loader: l}
	inst, err := l.linkVU.instantiate(g)
	if err != nil {
		return nil, err
	}
	g.setNames(inst)
	l.goMods[spec] = g
	return g, nil
}

// register ties a runtime to its VU for Go module instantiation.
func (l *loader) register(v *vu)   { l.runtime.Store(v.rt, v) }
func (l *loader) unregister(v *vu) { l.runtime.Delete(v.rt) }

func (l *loader) vuOf(rt *sobek.Runtime) (*vu, bool) {
	v, ok := l.runtime.Load(rt)
	if !ok {
		return nil, false
	}
	return v.(*vu), true
}

// compileError renders parser and compiler errors as
// "file:line:col: SyntaxError: message".
func compileError(err error) error {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		more := ""
		if len(list) > 1 {
			more = fmt.Sprintf(" (and %d more errors)", len(list)-1)
		}
		return &Error{Code: ExitScriptException, Err: fmt.Errorf("%s:%d:%d: SyntaxError: %s%s", e.Position.Filename, e.Position.Line, e.Position.Column, e.Message, more)}
	}
	var pe *parser.Error
	if errors.As(err, &pe) {
		return &Error{Code: ExitScriptException, Err: fmt.Errorf("%s:%d:%d: SyntaxError: %s", pe.Position.Filename, pe.Position.Line, pe.Position.Column, pe.Message)}
	}
	var se *sobek.CompilerSyntaxError
	if errors.As(err, &se) {
		if se.File != nil {
			p := se.File.Position(se.Offset)
			return &Error{Code: ExitScriptException, Err: fmt.Errorf("%s:%d:%d: SyntaxError: %s", p.Filename, p.Line, p.Column, se.Message)}
		}
		return &Error{Code: ExitScriptException, Err: fmt.Errorf("SyntaxError: %s", se.Message)}
	}
	return withCode(ExitScriptException, err)
}
