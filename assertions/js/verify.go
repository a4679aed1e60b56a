package assertionsjs

import (
	"fmt"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// verifyOptions are assertions.verify()'s third argument.
type verifyOptions struct {
	// Why explains a failure ("took 120ms, want at least 1.4s").
	Why string `json:"why"`
	// Value is what was observed, for the report.
	Value any       `json:"value"`
	Since time.Time `json:"since"`
}

// verify is assertions.verify(name, ok, {why, value, since, faultId}): a
// judgement the script makes itself (a call slowed down by the injected
// delay, the breaker opened before the alert), recorded as every
// expectation is — a kind:assertion check, a results-file line — so the
// report shows it with its why. It returns ok.
func (i *instance) verify(call sobek.FunctionCall) sobek.Value {
	const kind = "verify"
	st := i.state(kind)
	name := call.Argument(0)
	if sobek.IsUndefined(name) || name.String() == "" {
		i.throw(fmt.Errorf("%w: assertions.verify(name, ok, options): give the judgement a name", assertions.ErrBadExpectation))
	}
	var o verifyOptions
	faultID, err := decodeArgs(kind, &o, nil, call.Arguments[min(2, len(call.Arguments)):])
	if err != nil {
		i.throw(fmt.Errorf("assertions.verify: %w", err))
	}
	ok := call.Argument(1).ToBoolean()
	now := time.Now()
	r := assertions.Result{Name: kind, Subject: name.String(), Status: assertions.Fail, Why: o.Why, Last: o.Value, Since: o.Since, Started: now, Ended: now, FaultID: faultID}
	if ok {
		r.Status, r.HeldAt = assertions.Pass, now
	}
	if r.Why == "" {
		r.Why = map[bool]string{true: "held", false: "did not hold"}[ok]
	}
	i.record(r, here(st), st.Samples)
	return i.vu.Runtime().ToValue(ok)
}
