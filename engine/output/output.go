package output

import (
	"fmt"
	"os"
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
// SetThresholds (with thresholds.Set.Sources()) before Start.
type ThresholdAware interface {
	SetThresholds(byMetric map[string][]string)
}

// supported lists the output types New knows.
const supported = "json (json=FILE, json=FILE.gz, json=- for stdout)"

// New builds an output from a --out spec such as "json=results.json".
func New(spec string) (Output, error) {
	typ, arg, _ := strings.Cut(strings.TrimSpace(spec), "=")
	switch typ {
	case "json":
		if arg == "" || arg == "-" {
			return newJSON("-", nopCloser{os.Stdout}), nil
		}
		return newJSON(arg, nil), nil
	default:
		return nil, fmt.Errorf("unknown output type %q in --out %q: supported: %s", typ, spec, supported)
	}
}
