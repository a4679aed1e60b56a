package engine

import (
	"time"

	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// summaryPart renders the run's mergeable summary (--summary-part).
func (e *Engine) summaryPart(elapsed time.Duration, opts summary.Options) ([]byte, error) {
	in := summary.PartInput{
		Registry: e.run.initEnv.Registry, Root: e.run.root, Thresholds: e.options.Thresholds,
		Elapsed: elapsed, Options: opts,
	}
	if t := e.opts.Segment; t != nil {
		in.Segment, in.Sequence = t.Segment.String(), executor.SequenceString(t.Sequence)
	}
	p, err := summary.NewPart(in)
	if err != nil {
		return nil, err
	}
	return p.Encode()
}
