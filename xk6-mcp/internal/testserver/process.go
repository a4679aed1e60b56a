package testserver

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// Process is a test server running in a process of its own, so that its
// memory and CPU are not the test's.
type Process struct {
	URL string
	PID int
}

// RunProcess starts the stdio test server binary bin in its Streamable
// HTTP mode (-http, no recording) and kills its process group when the
// test ends.
func RunProcess(tb testing.TB, bin string) Process {
	tb.Helper()
	cmd := exec.Command(bin, "-http", "127.0.0.1:0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("no URL from the test server process: %v", err)
	}
	return Process{URL: strings.TrimSpace(line), PID: cmd.Process.Pid}
}
