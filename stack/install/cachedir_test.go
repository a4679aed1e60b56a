package install

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDefaultCacheDir(t *testing.T) {
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("// the harness\nmodule github.com/mcpchaos/mcpchaos\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(repo, "stack", "install", "wrappers", "otelcol")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// A nested module on the way up is not the checkout's root.
	if err := os.WriteFile(filepath.Join(deep, "go.mod"), []byte("module github.com/mcpchaos/mcpchaos/stack/install/wrappers/otelcol\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	xdg := t.TempDir()

	tests := []struct {
		name, env, processEnv, option, wd, want string
	}{
		{name: "env wins", env: filepath.Join(elsewhere, "c"), wd: deep, want: filepath.Join(elsewhere, "c")},
		{name: "option beats env", option: filepath.Join(elsewhere, "o"), env: filepath.Join(elsewhere, "c"), wd: deep, want: filepath.Join(elsewhere, "o")},
		{name: "checkout root from a nested dir", wd: deep, want: filepath.Join(repo, ".cache")},
		{name: "outside a checkout", wd: elsewhere, want: filepath.Join(xdg, "mcpchaos")},
		// Only LookupEnv is asked: the package never reads the process environment.
		{name: "process env unread", processEnv: filepath.Join(elsewhere, "p"), wd: deep, want: filepath.Join(repo, ".cache")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(envCache, tt.processEnv)
			t.Setenv("XDG_CACHE_HOME", xdg)
			t.Chdir(tt.wd)
			got, err := cacheDirOf(Options{CacheDir: tt.option, LookupEnv: envOf(map[string]string{envCache: tt.env})})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("cache dir = %s, want %s", got, tt.want)
			}
		})
	}
}
