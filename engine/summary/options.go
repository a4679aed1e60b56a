package summary

import (
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// DefaultTrendStats are the trend columns k6 shows by default.
var defaultTrendStats = []string{"avg", "min", "med", "max", "p(90)", "p(95)"}

// DefaultTrendStats returns a fresh copy of k6's default trend columns.
func DefaultTrendStats() []string { return append([]string(nil), defaultTrendStats...) }

// Options shape the summary as k6's summaryTrendStats, summaryTimeUnit and
// noColor options do, plus what the terminal is.
type Options struct {
	// SummaryTrendStats are the trend values to report; nil means
	// avg, min, med, max, p(90), p(95). Allowed: avg, min, med, max,
	// count, p(N).
	SummaryTrendStats []string
	// SummaryTimeUnit fixes the unit of time values: "", s, ms or us
	// ("" picks a readable unit per value).
	SummaryTimeUnit string
	NoColor         bool
	IsStdOutTTY     bool
	IsStdErrTTY     bool
}

// Input is everything the summary is built from.
type Input struct {
	Registry   *metrics.Registry
	Root       *Group
	Thresholds *thresholds.Set // may be nil
	Elapsed    time.Duration
	Options    Options
}
