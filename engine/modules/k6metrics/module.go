package k6metrics

import (
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/metrics root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/metrics module.
func New() modules.Module { return &Module{} }

// NewInstance binds the module to one VU.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	return &instance{vu: vu}, nil
}

type instance struct {
	vu modules.VU
}

// Exports are the four constructors.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"Counter": i.constructor(metrics.Counter),
		"Gauge":   i.constructor(metrics.Gauge),
		"Rate":    i.constructor(metrics.Rate),
		"Trend":   i.constructor(metrics.Trend),
	}}
}
