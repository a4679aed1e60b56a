package modules

import (
	"encoding/json"
	"time"
)

// The engine's VU offers more than VU through the optional interfaces
// below; a module reaches them with a type assertion on its VU, e.g.
//
//	loop, ok := vu.(modules.EventLoop)

// EventLoop lets a module finish asynchronous work (a promise) on the VU's
// goroutine. RegisterCallback must be called on the VU's goroutine; the
// returned enqueue function may be called from any goroutine, exactly
// once, with the function to run on the VU's goroutine (typically one
// that resolves or rejects a promise). The VU waits for every registered
// callback before it ends the iteration, and the error a callback returns
// fails the iteration.
type EventLoop interface {
	RegisterCallback() (enqueue func(func() error))
}

// Execution is what the run knows about itself (k6/execution).
type Execution interface {
	// Abort stops the whole test, as test.abort() does: the run ends with
	// exit code 108 and teardown still runs. The calling JavaScript is
	// interrupted when the Go function returns.
	Abort(reason string)
	// Fail marks the test as failed, as test.fail() does: the test runs
	// on to its end, and then exits with code 110 unless a worse outcome
	// (thresholds crossed, an abort) has its own code.
	Fail(reason string)
	// ScenarioInfo describes the VU's current scenario (zero outside one).
	ScenarioInfo() ScenarioInfo
	// InstanceInfo counts the run's VUs and iterations.
	InstanceInfo() InstanceInfo
	// TestOptions is the consolidated options object as JSON.
	TestOptions() json.RawMessage
	// SetVUTag adds (or with an empty value removes) a tag that every
	// later sample of this VU carries, across iterations.
	SetVUTag(name, value string)
	// VUTags are the tags set with SetVUTag.
	VUTags() map[string]string
}

// ScenarioInfo describes the running scenario.
type ScenarioInfo struct {
	Name      string
	Executor  string
	StartTime time.Time
	// Progress is from 0 to 1.
	Progress float64
}

// InstanceInfo counts what the run has done so far.
type InstanceInfo struct {
	IterationsCompleted    int64
	IterationsInterrupted  int64
	VUsActive              int64
	VUsInitialized         int64
	CurrentTestRunDuration time.Duration
}
