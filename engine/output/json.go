package output

import "github.com/mcpchaos/mcpchaos/engine/metrics"

// jsonOutput writes k6's JSON lines.
type jsonOutput struct {
	path string
}

var _ Output = (*jsonOutput)(nil)

func newJSON(path string) *jsonOutput { return &jsonOutput{path: path} }

func (o *jsonOutput) Start() error                        { return nil }
func (o *jsonOutput) AddSamples(samples []metrics.Sample) {}
func (o *jsonOutput) Stop() error                         { return nil }
