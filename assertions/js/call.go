package assertionsjs

import (
	"errors"
	"fmt"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// syncFunc is assertions.<name>(...): it evaluates the expectation on
// the VU's context, blocking the VU as http.get does, records the result
// and returns it. A call that could not ask anything (invalid options, a
// backend not configured) is recorded as Error and throws.
func (i *instance) syncFunc(e entry) func(sobek.FunctionCall) sobek.Value {
	return func(call sobek.FunctionCall) sobek.Value {
		st := i.state(e.name)
		x, faultID, b := i.prepare(e, call, st)
		r := withFault(x.Evaluate(i.vu.Context(), b), faultID)
		i.record(r, here(st), st.Samples)
		if unasked(r) {
			i.throw(fmt.Errorf("assertions.%s: %w", e.name, r.Err))
		}
		return i.resultObject(r)
	}
}

// backgroundFunc is assertions.background.<name>(...): it checks the
// call as syncFunc does, starts the expectation and returns its handle
// at once. The result is recorded on the VU's event loop when it comes
// (the iteration waits for it, as for any pending promise), or at the
// end of the run when the VU stopped first.
func (i *instance) backgroundFunc(e entry) func(sobek.FunctionCall) sobek.Value {
	return func(call sobek.FunctionCall) sobek.Value {
		fn := "background." + e.name
		st := i.state(fn)
		loop := i.loop(fn)
		x, faultID, b := i.prepare(e, call, st)
		t := i.root.start(i.vu.Context(), x, faultID, b, i.sinks, here(st))
		i.onDone(loop, t, func() error {
			i.settle(t)
			return nil
		})
		return i.handle(t)
	}
}

// prepare decodes a call and gets the run's backends. A problem is
// recorded as an Error result and thrown: nothing was asked.
func (i *instance) prepare(e entry, call sobek.FunctionCall, st *modules.State) (assertions.Expectation, string, *assertions.Backends) {
	x, faultID, err := e.decode(call.Arguments)
	if err != nil {
		i.refuse(failed(e.name, e.name+"(invalid options)", err), st)
	}
	b, err := i.root.backends(i.vu.InitEnv())
	if err != nil {
		r := failed(x.Kind(), x.String(), err)
		r.FaultID = faultID
		i.refuse(r, st)
	}
	return x, faultID, b
}

// refuse records r, an Error for a call that asked nothing, and throws
// its error.
func (i *instance) refuse(r assertions.Result, st *modules.State) {
	i.record(r, here(st), st.Samples)
	i.throw(fmt.Errorf("assertions.%s: %w", r.Name, r.Err))
}

// queryValue is assertions.queryValue(promql): the query's one value,
// or null when it returns no series. A query that cannot be answered (a
// backend down, a query rejected or returning several series) is
// recorded as an Error (the run exits 120) and throws.
func (i *instance) queryValue(call sobek.FunctionCall) sobek.Value {
	const name = "queryValue"
	st := i.state(name)
	var q assertions.QueryValue
	if _, err := decodeArgs(name, &q, []string{"query"}, call.Arguments); err != nil {
		i.refuse(failed(name, name+"(invalid options)", err), st)
	}
	subject := name + "(" + q.Query + ")"
	b, err := i.root.backends(i.vu.InitEnv())
	if err != nil {
		i.refuse(failed(name, subject, err), st)
	}
	v, ok, err := q.Value(i.vu.Context(), b)
	if err != nil {
		r := failed(name, subject, err)
		r.Backend, r.Query, r.Why = "prometheus", q.Query, "could not evaluate: "+err.Error()
		i.refuse(r, st)
	}
	if !ok {
		return null()
	}
	return i.vu.Runtime().ToValue(v)
}

// failed is the Error result of a call that could not be evaluated.
func failed(name, subject string, err error) assertions.Result {
	now := time.Now()
	return assertions.Result{Name: name, Subject: subject, Status: assertions.Error, Why: err.Error(), Err: err, Started: now, Ended: now}
}

// unasked: an Error for a problem with the expectation or the config,
// found before any backend was asked; the call throws as well.
func unasked(r assertions.Result) bool {
	return r.Status == assertions.Error && (errors.Is(r.Err, assertions.ErrBadExpectation) || errors.Is(r.Err, assertions.ErrNoBackend))
}

// withFault sets the fault the result refers to, unless it has one.
func withFault(r assertions.Result, faultID string) assertions.Result {
	if r.FaultID == "" {
		r.FaultID = faultID
	}
	return r
}
