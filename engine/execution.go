package engine

import (
	"encoding/json"
	"maps"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// abortError is the interrupt value and run cause of test.abort().
type abortError struct{ reason string }

func (e *abortError) Error() string {
	if e.reason == "" {
		return "test aborted by the script (test.abort())"
	}
	return "test aborted by the script: " + e.reason
}

func (e *abortError) Unwrap() error { return ErrAborted }

// Abort implements modules.Execution.
func (v *vu) Abort(reason string) {
	err := &abortError{reason: reason}
	v.run.abort(err)
	v.rt.Interrupt(err)
}

// Fail implements modules.Execution: the first reason is kept for the
// run's final error, every call is logged.
func (v *vu) Fail(reason string) {
	msg := "test marked as failed by the script (exec.test.fail())"
	if reason != "" {
		msg += ": " + reason
	}
	v.run.failed.CompareAndSwap(nil, &msg)
	v.run.logger.Error(msg, "vu", v.id)
}

// ScenarioInfo implements modules.Execution.
func (v *vu) ScenarioInfo() modules.ScenarioInfo {
	a := v.act
	if a == nil {
		return modules.ScenarioInfo{}
	}
	var start time.Time
	if ns := a.sc.start.Load(); ns != 0 {
		start = time.Unix(0, ns)
	}
	return modules.ScenarioInfo{
		Name:      a.sc.name,
		Executor:  a.sc.cfg.Common().Type,
		StartTime: start,
		Progress:  a.sc.exec.Progress(),
	}
}

// InstanceInfo implements modules.Execution.
func (v *vu) InstanceInfo() modules.InstanceInfo {
	return v.run.instanceInfo()
}

// TestOptions implements modules.Execution.
func (v *vu) TestOptions() json.RawMessage { return v.run.optionsJSON }

// SetVUTag implements modules.Execution.
func (v *vu) SetVUTag(name, value string) {
	if value == "" {
		delete(v.vuTags, name)
	} else {
		v.vuTags[name] = value
	}
	if v.act != nil {
		v.act.tags = retag(v.act.tags, name, value)
	}
	if v.state != nil {
		v.st.Tags = retag(v.st.Tags, name, value)
	}
}

// VUTags implements modules.Execution.
func (v *vu) VUTags() map[string]string { return maps.Clone(v.vuTags) }
