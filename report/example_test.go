package report_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/mcpchaos/mcpchaos/report"
)

// Render a finished run's directory and read its verdict, as `mcpchaos
// report DIR` does.
func ExampleRender() {
	dir, err := os.MkdirTemp("", "run-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// A run that injected one fault and never confirmed its revert.
	events := `{"time":"2026-03-02T10:00:30Z","event":"inject","id":"latency-1","kind":"latency","target":"downstream"}
{"time":"2026-03-02T10:00:30.4Z","event":"effective","id":"latency-1","kind":"latency","target":"downstream"}
`
	summary := `{"metrics":{"checks{kind:assertion}":{"passes":0,"fails":0,"value":0}},"root_group":{}}`
	_ = os.WriteFile(filepath.Join(dir, report.EventsFile), []byte(events), 0o644)
	_ = os.WriteFile(filepath.Join(dir, report.SummaryFile), []byte(summary), 0o644)

	if err := report.Render(dir); err != nil {
		fmt.Println(err)
		return
	}
	r, err := report.Load(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict(), r.Verdict().ExitCode())
	fmt.Println(r.Reasons()[0].Text)
	// Output:
	// fault-not-reverted 121
	// fault latency-1 (latency on downstream): the event log ends before its revert was confirmed (was the run killed?); check the target by hand
}
