package k6

import (
	"fmt"
	"strings"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// Module is the k6 root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6 module.
func New() modules.Module { return &Module{} }

// groupTree is what the module needs of the VU beyond modules.VU: the
// run's group tree. The engine's VU implements it.
type groupTree interface {
	RootGroup() *summary.Group
}

// flusher is implemented by VUs that buffer samples; sleep flushes them
// so long sleeps do not hold samples back from thresholds.
type flusher interface{ Flush() }

// NewInstance binds the module to one VU.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	gt, ok := vu.(groupTree)
	if !ok {
		return nil, fmt.Errorf("the k6 module needs a VU with a group tree (RootGroup); got %T", vu)
	}
	groupDuration, err := vu.InitEnv().Registry.NewMetric("group_duration", metrics.Trend, metrics.Time)
	if err != nil {
		return nil, err
	}
	root := gt.RootGroup()
	return &instance{
		vu:            vu,
		root:          root,
		groups:        map[string]*summary.Group{"": root},
		groupDuration: groupDuration,
	}, nil
}

type instance struct {
	vu            modules.VU
	root          *summary.Group
	groups        map[string]*summary.Group // by path
	groupDuration *metrics.Metric
}

// Exports implements modules.Instance.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"check":      i.check,
		"group":      i.group,
		"sleep":      i.sleep,
		"fail":       i.fail,
		"randomSeed": i.randomSeed,
	}}
}

// state returns the VU state or throws when called from init code.
func (i *instance) state(fn string) *modules.State {
	st := i.vu.State()
	if st == nil {
		panic(i.vu.Runtime().NewGoError(fmt.Errorf("%s() can only be called from VU code (default, setup, teardown or a scenario function), not from init code", fn)))
	}
	return st
}

// node returns the group tree node of a k6 group path ("::a::b").
func (i *instance) node(path string) *summary.Group {
	if g, ok := i.groups[path]; ok {
		return g
	}
	g := i.root
	for _, name := range strings.Split(strings.TrimPrefix(path, summary.GroupSeparator), summary.GroupSeparator) {
		g = g.Group(name)
	}
	i.groups[path] = g
	return g
}

// throw re-raises a JavaScript error from a callback.
func throw(rt *sobek.Runtime, err error) {
	if ex, ok := err.(*sobek.Exception); ok {
		panic(ex)
	}
	panic(rt.NewGoError(err))
}
