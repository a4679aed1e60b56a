package install

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltInWrappers: outside any checkout, each wrapper-built recipe
// gets its module written out with go.mod and Go files named as Go wants,
// and the directory goes away afterwards.
func TestBuiltInWrappers(t *testing.T) {
	t.Chdir(t.TempDir())
	seen := 0
	for _, name := range Names() {
		r, _, _ := lookup(name)
		if r.Wrapper == "" {
			continue
		}
		seen++
		dir, remove, err := wrapperSource(Options{}, r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil || !strings.HasPrefix(string(mod), "module github.com/mcpchaos/mcpchaos/stack/install/wrappers/"+r.Wrapper+"\n") {
			t.Errorf("%s: go.mod %q (%v)", name, firstLine(mod), err)
		}
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, wrapperSuffix) {
				t.Errorf("%s: %s kept its %s suffix", name, p, wrapperSuffix)
			}
			return err
		})
		remove()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: %s left behind (%v)", name, dir, err)
		}
	}
	if seen != 3 {
		t.Errorf("%d wrapper-built recipes, want 3 (jaeger, alertmanager, otelcol)", seen)
	}
}

// TestWrappersDirOverride: a directory of wrapper modules (plain names or
// the source tree's *.in names) replaces the built-in copies, and the
// same files give the same build key wherever they come from.
func TestWrappersDirOverride(t *testing.T) {
	r, _, _ := lookup("otelcol")
	builtIn, removeBuiltIn, err := wrapperSource(Options{}, r)
	if err != nil {
		t.Fatal(err)
	}
	defer removeBuiltIn()
	want, err := buildKey(r, builtIn)
	if err != nil {
		t.Fatal(err)
	}
	plain := t.TempDir() // the written-out copy: plain names
	if err := os.CopyFS(filepath.Join(plain, r.Wrapper), os.DirFS(builtIn)); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{"wrappers", plain} { // the source tree: *.in names
		for how, opts := range map[string]Options{
			"WrappersDir":       {WrappersDir: root},
			"MCPCHAOS_WRAPPERS": {LookupEnv: envOf(map[string]string{envWrappers: root})},
		} {
			dir, remove, err := wrapperSource(opts, r)
			if err != nil {
				t.Fatalf("%s=%s: %v", how, root, err)
			}
			got, err := buildKey(r, dir)
			remove()
			if err != nil || got != want {
				t.Errorf("%s=%s: key %s (%v), built-in copy's %s", how, root, got, err, want)
			}
		}
	}
	other := t.TempDir()
	if _, _, err := wrapperSource(Options{WrappersDir: plain, LookupEnv: envOf(map[string]string{envWrappers: other})}, r); err != nil {
		t.Errorf("WrappersDir must win over MCPCHAOS_WRAPPERS: %v", err)
	}
	if _, _, err := wrapperSource(Options{WrappersDir: t.TempDir()}, r); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("empty wrappers dir: %v", err)
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}
