package mcp

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// throw raises err as a JavaScript Error carrying the error description
// and the call's trace IDs. Panicking with a sobek value is how a Go
// function throws in sobek; the runtime turns it into an exception.
func (i *instance) throw(err error, res session.Result) {
	rt := i.vu.Runtime()
	o := i.errorObject(rt.NewGoError(err), err)
	if res.TraceID != "" {
		setBoth(o, rt, "traceId", res.TraceID)
		setBoth(o, rt, "spanId", res.SpanID)
		setBoth(o, rt, "sessionId", res.SessionID)
	}
	panic(o)
}

// throwTypeError raises a TypeError for a script mistake.
func (i *instance) throwTypeError(format string, args ...any) {
	panic(i.vu.Runtime().NewTypeError(fmt.Sprintf(format, args...)))
}
