package supervisor

import (
	"os"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// classify turns a wait status into an Exit. oomKilled says the cgroup's
// oom_kill counter rose while the process ran; stopping says the
// supervisor was stopping it on purpose.
func classify(ps *os.ProcessState, ran time.Duration, oomKilled, stopping bool) control.Exit {
	e := control.Exit{At: time.Now(), Ran: control.Duration(ran), Code: -1}
	ws, ok := ps.Sys().(syscall.WaitStatus)
	switch {
	case ok && ws.Signaled():
		e.Signal = ws.Signal().String()
		e.Code = 128 + int(ws.Signal())
		e.Reason = control.ReasonSignal
		if ws.Signal() == syscall.SIGKILL && oomKilled {
			e.Reason = control.ReasonOOMKill
		}
	case ps != nil:
		e.Code = ps.ExitCode()
		e.Reason = control.ReasonExited
		// A shell wrapper reports its child's OOM kill as exit code 137.
		if e.Code == 128+int(syscall.SIGKILL) && oomKilled {
			e.Reason = control.ReasonOOMKill
		}
	}
	if stopping && e.Reason != control.ReasonOOMKill {
		e.Reason = control.ReasonStopped
	}
	return e
}
