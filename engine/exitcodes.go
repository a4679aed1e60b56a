package engine

// Exit codes of `mcpchaos run`, as k6 numbers them, plus CouldNotEvaluate.
// Every part of the harness names its exit code through these constants.
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
	// ExitCouldNotEvaluate: an assertion could not be evaluated because a
	// backend was unreachable or a query was invalid (mcpchaos only; k6
	// uses 110 for test.fail(), which mcpchaos does not implement).
	ExitCouldNotEvaluate = 110
)
