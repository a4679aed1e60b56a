package install_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/install"
)

// TestRealBuilds builds every backend from the Go module proxy into the
// shared cache (the repo's .cache/ or $MCPCHAOS_CACHE) and runs each
// binary's version command. Cold (empty cache and Go build cache) it took
// 43 minutes on 2 cores shared with other builds; with only the Go build
// cache warm, a few minutes of relinking; warm, about 40 ms. Pre-install
// with `go run ./cmd/mcpchaos stack install` so go test's -timeout does not
// have to cover a cold build.
func TestRealBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped under -short: real builds of all backends take 15-45 min cold on 2 cores (40 ms warm); CI runs them")
	}
	opts := install.Options{Progress: logWriter{t}, LookupEnv: os.LookupEnv} // $MCPCHAOS_CACHE picks the shared cache

	start := time.Now()
	paths, err := install.EnsureAll(t.Context(), opts)
	if err != nil {
		t.Fatalf("EnsureAll: %v", err)
	}
	t.Logf("EnsureAll took %s", time.Since(start).Round(time.Millisecond))

	start = time.Now()
	if _, err := install.EnsureAll(t.Context(), opts); err != nil {
		t.Fatalf("warm EnsureAll: %v", err)
	}
	t.Logf("warm EnsureAll took %s", time.Since(start).Round(time.Millisecond))

	for _, c := range install.Components() {
		t.Run(c.Name, func(t *testing.T) {
			p := paths[c.Name]
			if p == "" {
				t.Fatalf("no path for %s", c.Name)
			}
			out, err := exec.CommandContext(t.Context(), p, c.VersionArgs...).CombinedOutput()
			if err != nil {
				t.Fatalf("%s %s: %v\n%s", p, strings.Join(c.VersionArgs, " "), err, out)
			}
			first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
			t.Logf("%s: %s", p, first)
		})
	}
}

// logWriter sends progress lines to the test log.
type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
