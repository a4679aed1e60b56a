package main

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/executor"
)

// scaleFlags are run's flags for tests split over several instances
// and for staging targets.
type scaleFlags struct {
	segment      string
	sequence     string
	segmentIndex string // "" when not given (the zero value, as demo builds runFlags)
	summaryPart  string
	partOnly     bool
	barrier      string
	barrierWait  time.Duration
	safety       safetyFlags
}

func addScaleFlags(cmd *cobra.Command, f *scaleFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.segment, "execution-segment", "", "run only this segment of the test, e.g. 0:1/2 (k6's: VUs, iterations and arrival rates split exactly between the segments of --execution-segment-sequence)")
	fl.StringVar(&f.sequence, "execution-segment-sequence", "", "all instances' segments, e.g. 0,1/4,1/2,1 (default: the segment and its complements)")
	fl.StringVar(&f.segmentIndex, "execution-segment-index", "", "run the N-th (0-based) segment of --execution-segment-sequence instead of giving --execution-segment (an Indexed Job's completion index)")
	fl.StringVar(&f.summaryPart, "summary-part", "", "write the mergeable summary (every aggregate, trends as sketches) to FILE for `mcpchaos summary merge`")
	fl.BoolVar(&f.partOnly, "part-only", false, "this instance is one part of a segmented test: its thresholds, judged on its part alone, do not set exit 99 (abortOnFail still stops it with 99); `mcpchaos summary merge` gives the verdict")
	fl.StringVar(&f.barrier, "start-barrier", "", "wait in DIR (a volume all instances share, fresh per test) until every segment's instance is ready, then start together")
	fl.DurationVar(&f.barrierWait, "start-barrier-timeout", 10*time.Minute, "how long --start-barrier waits for the other instances")
	addSafetyFlags(cmd, &f.safety)
}

// apply sets the engine options the flags ask for.
func (f scaleFlags) apply(opts *engine.Options) error {
	t, err := f.tuple()
	if err != nil {
		return err
	}
	opts.Segment = t
	if f.barrier != "" {
		if t == nil {
			return fmt.Errorf("--start-barrier %s needs the instance's segment: give --execution-segment or --execution-segment-index", f.barrier)
		}
		b := startBarrier{dir: f.barrier, index: segmentIndex(t), n: len(t.Sequence) - 1, timeout: f.barrierWait}
		opts.StartGate = b.wait
	}
	opts.SummaryPart = f.summaryPart
	opts.PartOnly = f.partOnly
	return f.safety.apply(opts)
}

// tuple reads the segment flags; nil when no segment is asked for.
func (f scaleFlags) tuple() (*executor.Tuple, error) {
	var seq []*big.Rat
	if f.sequence != "" {
		var err error
		if seq, err = executor.ParseSequence(f.sequence); err != nil {
			return nil, fmt.Errorf("--execution-segment-sequence: %w", err)
		}
	}
	index := -1
	if f.segmentIndex != "" {
		n, err := strconv.Atoi(f.segmentIndex)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("--execution-segment-index %q: want a number from 0 (an Indexed Job's completion index)", f.segmentIndex)
		}
		index = n
	}
	var seg executor.Segment
	switch {
	case index >= 0 && f.segment != "":
		return nil, fmt.Errorf("--execution-segment-index %d and --execution-segment %s both given: use one", index, f.segment)
	case index >= 0 && seq == nil:
		return nil, fmt.Errorf("--execution-segment-index %d needs --execution-segment-sequence, e.g. 0,1/2,1", index)
	case index >= 0:
		if index >= len(seq)-1 {
			return nil, fmt.Errorf("--execution-segment-index %d: the sequence %s has only %d segments (indices 0 to %d)", index, f.sequence, len(seq)-1, len(seq)-2)
		}
		seg = executor.Segment{From: seq[index], To: seq[index+1]}
	case f.segment != "":
		var err error
		if seg, err = executor.ParseSegment(f.segment); err != nil {
			return nil, fmt.Errorf("--execution-segment: %w", err)
		}
	case seq != nil:
		return nil, fmt.Errorf("--execution-segment-sequence %s needs --execution-segment or --execution-segment-index: which segment does this instance run?", f.sequence)
	default:
		return nil, nil
	}
	t, err := executor.NewTuple(seg, seq)
	if err != nil {
		return nil, fmt.Errorf("--execution-segment: %w", err)
	}
	return t, nil
}

// segmentIndex is the position of the tuple's segment in its sequence.
func segmentIndex(t *executor.Tuple) int {
	for i := 0; i+1 < len(t.Sequence); i++ {
		if t.Sequence[i].Cmp(t.Segment.From) == 0 {
			return i
		}
	}
	return 0
}
