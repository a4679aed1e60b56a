package k6timers

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/timers root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/timers module.
func New() modules.Module { return &Module{} }

// names are the exports, each the runtime's global of the same name.
var names = [...]string{"setTimeout", "clearTimeout", "setInterval", "clearInterval"}

// NewInstance binds the module to one VU: it exports the VU's global
// timer functions, which the engine installs.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	g := vu.Runtime().GlobalObject()
	named := make(map[string]any, len(names))
	for _, n := range names {
		fn := g.Get(n)
		if _, ok := sobek.AssertFunction(fn); !ok {
			return nil, fmt.Errorf("k6/timers needs a VU runtime with a global %s (the engine's VU installs it); got %T", n, vu)
		}
		named[n] = fn
	}
	return instance{named: named}, nil
}

type instance struct{ named map[string]any }

// Exports implements modules.Instance.
func (i instance) Exports() modules.Exports { return modules.Exports{Named: i.named} }
