package install

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// mainModule is the module path whose go.mod marks a source checkout.
const mainModule = "github.com/mcpchaos/mcpchaos"

// DefaultCacheDir is where installed binaries live when neither
// Options.CacheDir nor $MCPCHAOS_CACHE (through Options.LookupEnv) names a
// directory: <repo root>/.cache when the working directory is inside a
// source checkout (git-ignored), else $XDG_CACHE_HOME/mcpchaos or
// ~/.cache/mcpchaos.
func DefaultCacheDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("cache dir: working directory: %w (set %s)", err, envCache)
	}
	if root, ok := repoRoot(wd); ok {
		return filepath.Join(root, ".cache"), nil
	}
	base, err := os.UserCacheDir() // $XDG_CACHE_HOME, else ~/.cache
	if err != nil {
		return "", fmt.Errorf("cache dir: %w (set %s to a writable directory)", err, envCache)
	}
	return filepath.Join(base, "mcpchaos"), nil
}

// repoRoot walks up from dir to the directory whose go.mod declares the
// main module.
func repoRoot(dir string) (string, bool) {
	for {
		if isMainModule(filepath.Join(dir, "go.mod")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// isMainModule reports whether the go.mod at path declares mainModule.
func isMainModule(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`) == mainModule
		}
	}
	return false
}
