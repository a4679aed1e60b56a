package faultsjs

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/faults"
)

// throw raises err as a JavaScript Error (see errorObject). Panicking
// with a sobek value is how a Go function throws in sobek.
func (i *instance) throw(err error) {
	panic(i.errorObject(err))
}

// errorObject is an Error named FaultError whose type classifies err
// (index.d.ts lists them); a fault not reverted also carries its id,
// kind and target.
func (i *instance) errorObject(err error) *sobek.Object {
	o := modules.NewError(i.vu.Runtime(), "FaultError", errorType(err), err)
	var nr *faults.NotRevertedError
	if errors.As(err, &nr) {
		_ = o.Set("id", nr.ID)
		_ = o.Set("kind", nr.Kind)
		_ = o.Set("target", nr.Target)
	}
	return o
}

// errorType is the FaultError type of err, the worst first.
func errorType(err error) string {
	var nr *faults.NotRevertedError
	switch {
	case errors.As(err, &nr):
		return "not_reverted"
	case errors.Is(err, faults.ErrBadSpec):
		return "spec"
	case errors.Is(err, faults.ErrUnknownTarget):
		return "unknown_target"
	case errors.Is(err, faults.ErrRefused):
		return "refused"
	case errors.Is(err, faults.ErrNoKeeper):
		return "no_keeper"
	case errors.Is(err, faults.ErrNotEffective):
		return "not_effective"
	}
	return "error"
}
