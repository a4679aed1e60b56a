package install

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// versionTimeout bounds running a PATH binary's version command.
const versionTimeout = 10 * time.Second

// override returns the binary the caller named for a component, from
// opts.Bins or $MCPCHAOS_BIN_<NAME>. ok is false when none is named; a
// named path that is unusable is an error, never ignored.
func override(opts Options, name string) (path string, ok bool, err error) {
	from := "Options.Bins[" + name + "]"
	path = opts.Bins[name]
	if path == "" {
		from = envBinPref + envName(name)
		path = opts.env(from)
	}
	if path == "" {
		return "", false, nil
	}
	fi, statErr := os.Stat(path)
	switch {
	case statErr != nil:
		return "", false, fmt.Errorf("%w: %s=%s: %v; point it at a %s binary or unset it to build the pinned version", ErrOverride, from, path, statErr, name)
	case !fi.Mode().IsRegular() || fi.Mode()&0o111 == 0:
		return "", false, fmt.Errorf("%w: %s=%s is not an executable file; chmod +x it, point it at a %s binary, or unset it", ErrOverride, from, path, name)
	}
	return path, true, nil
}

// fromPath finds a binary on PATH under its usual names. Without allowAny
// it is used only if its version output names the pinned version; a wrong
// version is never used silently.
func fromPath(ctx context.Context, b Binary, allowAny bool) (string, bool) {
	for _, name := range b.PathNames {
		p, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if allowAny || versionMatches(ctx, p, b) {
			return p, true
		}
	}
	return "", false
}

// versionMatches runs the binary's version command and looks for one of
// the pinned version strings in its output.
func versionMatches(ctx context.Context, path string, b Binary) bool {
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	out, _ := exec.CommandContext(ctx, path, b.VersionArgs...).CombinedOutput() // some print it and exit non-zero
	for _, v := range b.Versions {
		if containsVersion(string(out), v) {
			return true
		}
	}
	return false
}

// containsVersion reports whether v occurs in s as a whole version, not as
// part of a longer one: 1.52.1 matches "v1.52.1," but not 1.52.10, 11.52.1
// or 1.52.1.3.
func containsVersion(s, v string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], v)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(v)
		if !extendsBefore(s, start) && !extendsAfter(s, end) {
			return true
		}
		i = start + 1
	}
}

// extendsBefore: a digit, or a dot after a digit, ends right before start.
func extendsBefore(s string, start int) bool {
	if start == 0 {
		return false
	}
	c := s[start-1]
	return isDigit(c) || c == '.' && start >= 2 && isDigit(s[start-2])
}

// extendsAfter: a digit, or a dot before a digit, starts at end.
func extendsAfter(s string, end int) bool {
	if end == len(s) {
		return false
	}
	c := s[end]
	return isDigit(c) || c == '.' && end+1 < len(s) && isDigit(s[end+1])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
