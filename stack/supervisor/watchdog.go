package supervisor

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/cgroup"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// CgroupEnv tells the watchdog which cgroup tree to remove (a cgroup.Tree
// Ref).
const CgroupEnv = "MCPCHAOS_STACK_CGROUP"

// watchdogDone is what a supervisor that cleaned up by itself writes to
// the watchdog before closing the pipe.
const watchdogDone = "done"

// watchdog is the supervisor's end of the pipe to its watchdog process.
type watchdog struct {
	cmd  *exec.Cmd
	pipe io.WriteCloser
}

// startWatchdog starts argv as the watchdog. Pdeathsig only reaches the
// supervisor's direct children; the watchdog also kills what they started
// when the supervisor dies without cleaning up (SIGKILL, OOM).
func startWatchdog(argv, env []string) (*watchdog, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	pipe, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("start watchdog: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start watchdog %s: %w", argv[0], err)
	}
	return &watchdog{cmd: cmd, pipe: pipe}, nil
}

func (w *watchdog) pid() int {
	if w == nil {
		return 0
	}
	return w.cmd.Process.Pid
}

// dismiss tells the watchdog that cleanup is done and waits for it.
func (w *watchdog) dismiss() {
	if w == nil {
		return
	}
	_, _ = io.WriteString(w.pipe, watchdogDone+"\n")
	_ = w.pipe.Close()
	done := make(chan struct{})
	go func() { _ = w.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = w.cmd.Process.Kill()
		<-done
	}
}

// WatchdogMain is `mcpchaos stack supervise --watchdog`. It waits for its
// standard input to close. Unless the supervisor wrote "done" first, the
// supervisor died without cleaning up, so it kills every process that
// carries this stack's marker and removes the stack's cgroups.
func WatchdogMain(in io.Reader) error {
	signal.Ignore(syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	instance := os.Getenv(MarkerEnv)
	if instance == "" {
		return fmt.Errorf("watchdog: %s is not set; the supervisor starts the watchdog, not a person", MarkerEnv)
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == watchdogDone {
			return nil
		}
	}
	_, err := sweep.Kill(MarkerEnv, instance, os.Getpid())
	return errors.Join(err, cgroup.OpenRef(os.Getenv(CgroupEnv)).Close())
}
