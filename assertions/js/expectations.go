package assertionsjs

import (
	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// entry is one expectation of the module: its name in scripts and how a
// call's arguments become it.
type entry struct {
	name string
	// positional are the json names of the fields the leading
	// arguments fill, in order.
	positional []string
	// decode builds the expectation from a call's arguments and returns
	// the fault its result refers to ("" for none).
	decode func(args []sobek.Value) (assertions.Expectation, string, error)
}

// expect is the entry of expectation type T, called as
// name(positional..., options): positional lists the json names of the
// fields its leading arguments fill, in order; the options object sets
// the others.
func expect[T assertions.Expectation](name string, positional ...string) entry {
	return entry{name: name, positional: positional, decode: func(args []sobek.Value) (assertions.Expectation, string, error) {
		var e T
		id, err := decodeArgs(name, &e, positional, args)
		return e, id, err
	}}
}

// expectations are the module's expectations, each exported as
// assertions.<name>(...) and assertions.background.<name>(...). Adding
// one is one line here (and its types in index.d.ts).
func expectations() []entry {
	return []entry{
		expect[assertions.QueryHolds]("queryHolds", "query"),
		expect[assertions.AlertFires]("alertFires", "name"),
		expect[assertions.AlertResolves]("alertResolves", "name"),
		expect[assertions.AlertDelivered]("alertDelivered", "name"),
		expect[assertions.NoAlertsFire]("noAlertsFire"),
		expect[assertions.ProbeFails]("probeFails"),
		expect[assertions.ProbeRecovers]("probeRecovers"),
		expect[assertions.LogsMatch]("logsMatch"),
		expect[assertions.LogsAbsent]("logsAbsent"),
		expect[assertions.LogsComplete]("logsComplete"),
		expect[assertions.LogsNeverContain]("logsNeverContain"),
		expect[assertions.LogsHaveFields]("logsHaveFields"),
		expect[assertions.TraceExists]("traceExists", "traceId"),
		expect[assertions.TraceMatches]("traceMatches", "traceId"),
		expect[assertions.TracesSampled]("tracesSampled"),
	}
}
