package engine

import (
	"fmt"
	"strings"
	"time"
)

// progressEvery is the monitor's tick: fast when drawing the progress
// line, otherwise once a second.
func (e *Engine) progressEvery() time.Duration {
	if e.showProgress() {
		return 200 * time.Millisecond
	}
	return time.Second
}

// showProgress: a live line on stderr when it is a terminal, unless -q.
func (e *Engine) showProgress() bool { return e.opts.StderrTTY && !e.opts.Quiet }

// drawProgress redraws the one-line progress on stderr.
func (e *Engine) drawProgress(elapsed time.Duration) {
	if !e.showProgress() {
		return
	}
	fmt.Fprint(e.opts.Stderr, "\r\033[K"+e.progressLine(elapsed))
}

// progressLine is "running (0m12.3s), 10/10 VUs, 120 complete and 0
// interrupted iterations, default 41%".
func (e *Engine) progressLine(elapsed time.Duration) string {
	info := e.run.instanceInfo()
	var b strings.Builder
	fmt.Fprintf(&b, "running (%dm%04.1fs), %d/%d VUs, %d complete and %d interrupted iterations",
		int(elapsed.Minutes()), elapsed.Seconds()-60*float64(int(elapsed.Minutes())), info.VUsActive, info.VUsInitialized,
		info.IterationsCompleted, info.IterationsInterrupted)
	for _, sc := range e.scenarios {
		fmt.Fprintf(&b, ", %s %d%%", sc.name, int(sc.exec.Progress()*100))
	}
	return b.String()
}

// clearProgress erases the progress line before the summary.
func (e *Engine) clearProgress() {
	if e.showProgress() {
		fmt.Fprint(e.opts.Stderr, "\r\033[K")
	}
}
