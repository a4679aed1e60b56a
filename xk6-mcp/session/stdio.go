package session

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/mark3labs/mcp-go/client/transport"

	"github.com/mcpchaos/mcpchaos/internal/bytecount"
)

// stdioGrace is how long a stdio server may take to exit after its stdin
// closes before its process group is killed.
const stdioGrace = 2 * time.Second

// openStdio starts the server in its own process group with counted pipes.
// The process is ours, not mcp-go's, so closing the session also reaps it
// (and kills the group if it does not exit on EOF).
func openStdio(o Options, c *bytecount.Counters) (*conn, error) {
	cmd := exec.Command(o.Command, o.Args...) //nolint:gosec // running the user's server is the point
	cmd.Dir = o.Dir
	cmd.Env = os.Environ()
	for k, v := range o.Env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = o.Stderr
	if cmd.Stderr == nil {
		cmd.Stderr = io.Discard
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("stdio server %s: stdin pipe: %w", o.Command, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stdio server %s: stdout pipe: %w", o.Command, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start stdio server %s: %w; check the path and that it is executable", o.Command, err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	t := transport.NewIO(c.Reader(stdout), c.WriteCloser(stdin), nil)
	release := func() {
		select {
		case <-exited:
			return
		case <-time.After(stdioGrace):
		}
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	return &conn{t: &tap{inner: t}, release: release, exited: exited, pid: cmd.Process.Pid}, nil
}
