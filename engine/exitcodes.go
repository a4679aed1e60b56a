package engine

// Exit codes of `mcpchaos run`: k6's own (0 and 97-110, as k6 numbers
// them) and mcpchaos's verdicts, which take codes outside k6's range so
// that a k6 script's exit code keeps its meaning. Every part of the
// harness names its exit code through these constants; the README's
// table lists the same.
const (
	// ExitOK: the test ran and every threshold passed.
	ExitOK = 0
	// ExitGeneric: an error outside the categories below.
	ExitGeneric = 1
	// ExitThresholdsFailed: one or more thresholds were crossed.
	ExitThresholdsFailed = 99
	// ExitSetupTimeout: setup() ran longer than setupTimeout.
	ExitSetupTimeout = 100
	// ExitTeardownTimeout: teardown() ran longer than teardownTimeout.
	ExitTeardownTimeout = 101
	// ExitInvalidConfig: bad options, flags, scenarios, thresholds or
	// --config file.
	ExitInvalidConfig = 104
	// ExitExternalAbort: the run was stopped by a signal (Ctrl-C, SIGTERM).
	ExitExternalAbort = 105
	// ExitScriptException: the script threw in init code, setup,
	// teardown or handleSummary, or could not be loaded.
	ExitScriptException = 107
	// ExitScriptAborted: the script called test.abort().
	ExitScriptAborted = 108
	// ExitMarkedAsFailed: the script called exec.test.fail(); the test
	// ran to its end (k6 >= 0.48).
	ExitMarkedAsFailed = 110

	// ExitCouldNotEvaluate: an assertion could not be evaluated because a
	// backend was unreachable or a query was rejected (mcpchaos only):
	// neither a pass nor a fail.
	ExitCouldNotEvaluate = 120
	// ExitFaultNotReverted: a fault could not be reverted, or its revert
	// could not be confirmed (mcpchaos only): the worst outcome, above
	// every other verdict.
	ExitFaultNotReverted = 121
)

// Outranks reports whether exit code a is a more severe verdict than b,
// so that a run which met several outcomes exits with the worst:
// ExitFaultNotReverted above everything, then ExitCouldNotEvaluate, then
// any other failure above ExitOK. Among k6's own codes none outranks
// another: the run keeps the first failure, as k6 does.
func Outranks(a, b int) bool { return severity(a) > severity(b) }

func severity(code int) int {
	switch code {
	case ExitOK:
		return 0
	case ExitCouldNotEvaluate:
		return 2
	case ExitFaultNotReverted:
		return 3
	}
	return 1
}
