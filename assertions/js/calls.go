package assertionsjs

import (
	"errors"
	"fmt"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/internal/calllog"
)

// WithCallLog gives scripts the calls k6/x/mcp made in this run
// (assertions.calls), to ask the pipeline about each of them.
func WithCallLog(l *calllog.Log) Option { return func(m *Module) { m.calls = l } }

// callFilter is assertions.calls()'s options.
type callFilter struct {
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until"`
	Method   string    `json:"method"`
	Tool     string    `json:"tool"`
	Scenario string    `json:"scenario"`
	Sampled  *bool     `json:"sampled"`
	OK       bool      `json:"ok"`
}

// calls is assertions.calls({since, until, method, tool, scenario,
// sampled, ok}): the trace ids of the run's MCP calls that match, in the
// order they were made. It throws when the run dropped calls over the
// call log's bound (a completeness check on a sample would pass falsely)
// unless the filter's window excludes them.
func (i *instance) callsFunc(call sobek.FunctionCall) sobek.Value {
	const name = "calls"
	i.state(name)
	var f callFilter
	if _, err := decodeArgs(name, &f, nil, call.Arguments); err != nil {
		i.throw(fmt.Errorf("assertions.calls: %w", err))
	}
	if i.root.calls == nil {
		i.throw(errors.New("assertions.calls: this run keeps no call log (k6/x/mcp was built without one)"))
	}
	method := f.Method
	if method == "" && f.Tool != "" {
		method = "tools/call"
	}
	got, dropped := i.root.calls.Select(calllog.Filter{
		Since: f.Since, Until: f.Until, Method: method, Target: f.Tool,
		Scenario: f.Scenario, Sampled: f.Sampled, OK: f.OK,
	})
	if dropped > 0 {
		i.throw(fmt.Errorf("assertions.calls: the run made more calls than its call log keeps (%d dropped), so a list of them would be incomplete: narrow since/until", dropped))
	}
	ids := make([]any, len(got))
	for k, c := range got {
		ids[k] = c.TraceID
	}
	return i.vu.Runtime().ToValue(ids)
}
