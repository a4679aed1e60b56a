package k6

import (
	"errors"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// group(name, fn) runs fn inside a named group: samples and checks made
// meanwhile carry group:<path>, and group_duration records how long it took.
func (i *instance) group(name string, fn sobek.Callable) sobek.Value {
	rt := i.vu.Runtime()
	st := i.state("group")
	if name == "" || strings.Contains(name, summary.GroupSeparator) {
		panic(rt.NewGoError(errors.New("group(): the name must not be empty nor contain \"::\"")))
	}
	if fn == nil {
		panic(rt.NewGoError(errors.New("group(): the second argument must be a function")))
	}
	parentPath, parentTags := st.Group, st.Tags
	path := parentPath + summary.GroupSeparator + name
	i.node(path)
	st.Group, st.Tags = path, parentTags.With("group", path)
	defer func() { st.Group, st.Tags = parentPath, parentTags }()
	start := time.Now()
	ret, err := fn(sobek.Undefined())
	if err != nil {
		throw(rt, err)
	}
	end := time.Now()
	st.Samples.Push(metrics.Sample{Metric: i.groupDuration, Tags: st.Tags, Time: end, Value: float64(end.Sub(start)) / float64(time.Millisecond)})
	return ret
}
