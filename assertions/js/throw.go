package assertionsjs

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// errInit: an expectation called from init code.
var errInit = errors.New("not in init code")

// throw raises err as a JavaScript Error (see errorObject). Panicking
// with a sobek value is how a Go function throws in sobek.
func (i *instance) throw(err error) {
	panic(i.errorObject(err))
}

// errorObject is an Error named AssertionError whose type classifies
// err (index.d.ts lists them).
func (i *instance) errorObject(err error) *sobek.Object {
	return modules.NewError(i.vu.Runtime(), "AssertionError", errorType(err), err)
}

// errorType is the AssertionError type of err.
func errorType(err error) string {
	var ce configErr
	var ae *assertions.APIError
	switch {
	case errors.Is(err, errInit):
		return "init"
	case errors.Is(err, assertions.ErrBadExpectation):
		return "options"
	case errors.As(err, &ce) || errors.Is(err, assertions.ErrNoBackend):
		return "config"
	case errors.As(err, &ae):
		return "backend"
	}
	return "error"
}
