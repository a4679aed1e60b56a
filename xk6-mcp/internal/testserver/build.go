package testserver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// stdioPackage is the stdio server's main package.
const stdioPackage = "github.com/mcpchaos/mcpchaos/xk6-mcp/testdata/stdioserver"

// BuildStdio compiles the stdio test server into dir and returns its path.
func BuildStdio(dir string) (string, error) {
	out := filepath.Join(dir, "stdioserver")
	if b, err := exec.Command("go", "build", "-o", out, stdioPackage).CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the stdio test server: %w\n%s", err, b)
	}
	return out, nil
}

// Run starts a server for one test and stops it when the test ends.
func Run(tb testing.TB, kind Kind, cfg Config) *Server {
	tb.Helper()
	srv, err := Start(kind, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// MainWithStdio is a TestMain body: it builds the stdio server into a
// temporary folder, stores its path in *path, runs the tests and cleans
// up; its result is the exit code.
func MainWithStdio(m *testing.M, path *string) int {
	dir, err := os.MkdirTemp("", "xk6-mcp-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if *path, err = BuildStdio(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
