package session_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// stdioServer is the path of the test stdio server, built once.
var stdioServer string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "xk6-mcp-session-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	stdioServer = filepath.Join(dir, "stdioserver")
	cmd := exec.Command("go", "build", "-o", stdioServer, "../testdata/stdioserver")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the stdio test server:", err)
		return 1
	}
	return m.Run()
}
