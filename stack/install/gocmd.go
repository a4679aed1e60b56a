package install

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// tailLines is how much of a failed go command's output an error carries.
const tailLines = 40

// goTool runs the machine's Go toolchain for one build.
type goTool struct {
	path string    // the go binary
	env  []string  // from buildEnv
	log  io.Writer // the build log file
}

// findGo locates the go command: opts.Go, else go on PATH, else
// $GOROOT/bin/go.
func findGo(opts Options) (string, error) {
	if opts.Go != "" {
		if !isExecutable(opts.Go) {
			return "", fmt.Errorf("%w: Options.Go %s is not an executable file", ErrNoGo, opts.Go)
		}
		return opts.Go, nil
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); isExecutable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: no go on PATH and no $GOROOT/bin/go; install Go (go.dev/dl) or set MCPCHAOS_BIN_<NAME> to prebuilt binaries", ErrNoGo)
}

// buildEnv is the environment of every go command: the caller's, with the
// settings the recipes rely on forced. GOFLAGS is replaced, not inherited,
// so a developer's -mod=vendor cannot break a module-proxy install.
func buildEnv() []string {
	env := make([]string, 0, len(os.Environ())+6)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOFLAGS", "GOTOOLCHAIN", "CGO_ENABLED", "GOWORK", "GOBIN", "GO111MODULE", "GOOS", "GOARCH":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GOTOOLCHAIN=local", // the machine's Go; never download another
		"CGO_ENABLED=0",     // every backend here builds pure Go
		"GOWORK=off",
		"GO111MODULE=on",
		"GOFLAGS=-buildvcs=false", // the cache sits inside a git checkout
	)
}

// run executes go with args in dir, appending its output to the build log.
// It runs in its own process group so cancelling ctx kills the compilers
// it started too. A failure returns the output's last lines.
func (g goTool) run(ctx context.Context, dir string, extraEnv []string, args ...string) error {
	var tail tailBuffer
	cmd := exec.CommandContext(ctx, g.path, args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, g.env...), extraEnv...)
	out := io.MultiWriter(&tail, g.log)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// Negative pid: the whole group (go, compile, link, …).
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 5 * time.Second
	fmt.Fprintf(g.log, "$ (cd %s && go %s)\n", dir, strings.Join(args, " "))
	err := cmd.Run()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("go %s: %w", args[0], ctx.Err())
	}
	return &goError{args: args, err: err, tail: tail.lines()}
}

// goError is a failed go command with the tail of its output.
type goError struct {
	args []string
	err  error
	tail string
}

func (e *goError) Error() string {
	return fmt.Sprintf("go %s: %v\n%s", strings.Join(e.args, " "), e.err, e.tail)
}

func (e *goError) Unwrap() error { return e.err }

// tailBuffer keeps output; lines returns the last tailLines of it.
type tailBuffer struct{ buf bytes.Buffer }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf.Write(p)
	// Bound memory on chatty builds: keep the last 64 KiB.
	if t.buf.Len() > 128<<10 {
		rest := append([]byte{}, t.buf.Bytes()[t.buf.Len()-64<<10:]...)
		t.buf.Reset()
		t.buf.Write(rest)
	}
	return len(p), nil
}

func (t *tailBuffer) lines() string {
	lines := strings.Split(strings.TrimRight(t.buf.String(), "\n"), "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return strings.Join(lines, "\n")
}

// goVersion asks the toolchain for its version, for the stamp.
func (g goTool) goVersion(ctx context.Context) string {
	cmd := exec.CommandContext(ctx, g.path, "env", "GOVERSION")
	cmd.Env = g.env
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
