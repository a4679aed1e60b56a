package install

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeGo writes a shell script named go into a fresh directory, puts that
// directory alone on PATH (the script sets its own PATH for coreutils) and
// returns the directory. body runs after "$1" checks for `go env`.
func fakeGo(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	script := `#!/bin/sh
PATH=/usr/bin:/bin
if [ "$1" = env ]; then echo go-fake; exit 0; fi
` + body + "\n"
	writeExec(t, filepath.Join(dir, "go"), script)
	t.Setenv("PATH", dir)
	return dir
}

// envOf is an Options.LookupEnv that sees only kv.
func envOf(kv map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := kv[k]
		return v, ok
	}
}

// writeExec writes an executable file.
func writeExec(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}

// installOK is a fake `go install` body: counts the call in $COUNT, waits
// a little so concurrent callers overlap, and drops an executable named
// after each package@version's last element into $GOBIN.
const installOK = `echo x >> "$COUNT"
sleep 0.3
for a in "$@"; do
  case "$a" in *@*) p=${a%@*}; n=${p##*/}; printf '#!/bin/sh\necho fake %s\n' "$n" > "$GOBIN/$n"; chmod +x "$GOBIN/$n";; esac
done`

// countLines counts the lines of a file (0 when absent).
func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "\n")
}
