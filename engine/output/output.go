package output

import (
	"fmt"
	"strings"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// Output receives every sample of a run.
type Output interface {
	// Start opens the destination.
	Start() error
	// AddSamples takes a batch; calls come from one goroutine.
	AddSamples(samples []metrics.Sample)
	// Stop flushes and closes, reporting any write error.
	Stop() error
}

// ThresholdAware outputs list each metric's thresholds; the engine calls
// SetThresholds (e.g. with thresholds.Set.Sources()) before Start.
type ThresholdAware interface {
	SetThresholds(byMetric map[string][]string)
}

// supported lists the output types New knows.
const supported = "json"

// New builds an output from a --out spec such as "json=results.json".
func New(spec string) (Output, error) {
	typ, arg, _ := strings.Cut(spec, "=")
	switch typ {
	case "json":
		if arg == "" {
			return nil, fmt.Errorf("output %q: json needs a file, e.g. --out json=results.json", spec)
		}
		return newJSON(arg), nil
	default:
		return nil, fmt.Errorf("unknown output type %q in %q: supported types are %s", typ, spec, supported)
	}
}
