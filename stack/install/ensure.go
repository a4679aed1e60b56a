package install

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options configure Ensure and EnsureAll. The zero value is ready to use.
type Options struct {
	// CacheDir holds builds, logs and the install lock; "" means
	// $MCPCHAOS_CACHE, else DefaultCacheDir().
	CacheDir string
	// Progress receives build progress lines; nil is silent.
	Progress io.Writer
	// Bins names binaries to use instead of building, by component name
	// (e.g. from flags). They win over $MCPCHAOS_BIN_<NAME>.
	Bins map[string]string
	// LookupEnv reads the environment variables that stand in for unset
	// options (EnvNames: $MCPCHAOS_CACHE, $MCPCHAOS_WRAPPERS,
	// $MCPCHAOS_BIN_<NAME>). nil reads none: the package never looks at
	// the process environment itself; cmd/mcpchaos passes os.LookupEnv.
	LookupEnv func(key string) (string, bool)
	// AllowPath accepts a binary found on PATH whatever its version (for
	// example Debian's prometheus-alertmanager 0.25) when the cache has no
	// build. Without it a PATH binary is used only when its version output
	// names the pin; a wrong version is never used silently.
	AllowPath bool
	// WrappersDir holds the wrapper modules (jaeger, alertmanager, otelcol),
	// one directory each, to build instead of the copies built into the
	// binary; "" means $MCPCHAOS_WRAPPERS, else the built-in copies.
	WrappersDir string
	// Go is the go command to build with; "" means go on PATH, else
	// $GOROOT/bin/go.
	Go string
}

// Ensure returns the path of a runnable binary of the named component,
// building the pinned version into the cache if needed. Names are those of
// Components(): prometheus, promtool, alertmanager, victoria-logs, jaeger,
// otelcol, toxiproxy.
func Ensure(ctx context.Context, opts Options, name string) (string, error) {
	r, bin, ok := lookup(name)
	if !ok {
		return "", fmt.Errorf("install %q: %w; known: %s", name, ErrUnknown, strings.Join(Names(), ", "))
	}
	if p, ok, err := override(opts, name); err != nil || ok {
		return p, err
	}
	cacheDir, err := cacheDirOf(opts)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheDir, "bin", r.Key+"-"+r.Version)
	binPath := filepath.Join(dir, bin.file())

	wrapper, removeWrapper, wrapperErr := wrapperSource(opts, r)
	defer removeWrapper()
	key := ""
	if wrapperErr == nil {
		if key, err = buildKey(r, wrapper); err != nil {
			return "", fmt.Errorf("install %s %s: %w", name, r.Version, err)
		}
	}
	if isCurrent(dir, key, r) {
		return binPath, nil
	}
	if p, ok := fromPath(ctx, bin, opts.AllowPath); ok {
		note := "same version"
		if opts.AllowPath {
			note = "version not checked: AllowPath"
		}
		say(opts.Progress, "using %s from PATH for %s (pinned %s; %s)", p, name, r.Version, note)
		return p, nil
	}
	if wrapperErr != nil {
		return "", fmt.Errorf("install %s %s: %w: %v; unset %s to build from the built-in copy, or set %s%s to a prebuilt binary",
			name, r.Version, ErrNoWrapper, wrapperErr, envWrappers, envBinPref, envName(name))
	}

	release, err := acquireLock(ctx, cacheDir, opts.Progress)
	if err != nil {
		return "", fmt.Errorf("install %s %s: %w", name, r.Version, err)
	}
	defer release()
	if isCurrent(dir, key, r) { // built by whoever held the lock
		return binPath, nil
	}
	if err := buildRecipe(ctx, opts, cacheDir, r, wrapper, key, dir); err != nil {
		return "", err
	}
	return binPath, nil
}

// EnsureAll ensures every component, one build at a time, cheapest first.
// It goes on past a failed component (so one broken backend does not hide
// the others' state) and returns the paths it has with all errors joined;
// it stops when ctx is done.
func EnsureAll(ctx context.Context, opts Options) (map[string]string, error) {
	paths := make(map[string]string)
	var errs []error
	for _, name := range Names() {
		if ctx.Err() != nil {
			errs = append(errs, fmt.Errorf("install %s: %w", name, ctx.Err()))
			break
		}
		p, err := Ensure(ctx, opts, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		paths[name] = p
	}
	return paths, errors.Join(errs...)
}

// cacheDirOf resolves opts.CacheDir, else $MCPCHAOS_CACHE, else
// DefaultCacheDir() to an absolute directory.
func cacheDirOf(opts Options) (string, error) {
	dir := opts.CacheDir
	if dir == "" {
		dir = opts.env(envCache)
	}
	if dir == "" {
		return DefaultCacheDir()
	}
	return filepath.Abs(dir)
}

// isCurrent reports whether dir holds the build described by key. Without
// a key (wrapper sources not at hand) any complete build of the same
// module@version is taken: it cannot be checked, and nothing could rebuild
// it anyway.
func isCurrent(dir, key string, r Recipe) bool {
	if key != "" {
		return cached(dir, key, r)
	}
	s := readStamp(dir)
	return s.Module == r.Module && s.Version == r.Version && cached(dir, s.Key, r)
}

// buildRecipe runs one build with progress lines and a log file, turning
// failures into a BuildError.
func buildRecipe(ctx context.Context, opts Options, cacheDir string, r Recipe, wrapper, key, dir string) error {
	names := strings.Join(r.each(func(b Binary) string { return b.Name }), ", ")
	goPath, err := findGo(opts)
	if err != nil {
		return fmt.Errorf("install %s %s: %w", names, r.Version, err)
	}
	logPath := filepath.Join(cacheDir, "logs", r.Key+"-"+r.Version+".log")
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return fmt.Errorf("install %s %s: %w", names, r.Version, err)
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return fmt.Errorf("install %s %s: build log: %w", names, r.Version, err)
	}
	defer logFile.Close()

	say(opts.Progress, "building %s %s (%s)…", names, r.Version, r.Hint)
	b := builder{
		goTool:   goTool{path: goPath, env: buildEnv(), log: logFile},
		cacheDir: cacheDir,
		recipe:   r,
		wrapper:  wrapper,
		key:      key,
	}
	took, err := b.build(ctx, dir)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("install %s %s: cancelled: %w", names, r.Version, ctx.Err())
		}
		return &BuildError{Component: r.Key, Module: r.Module, Version: r.Version, Log: logPath, Err: err}
	}
	say(opts.Progress, "done in %s", took.Round(time.Second))
	return nil
}
