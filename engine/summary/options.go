package summary

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// DefaultTrendStats returns k6's default trend columns.
func DefaultTrendStats() []string {
	return []string{"avg", "min", "med", "max", "p(90)", "p(95)"}
}

// Options shape the summary as k6's summaryTrendStats, summaryTimeUnit and
// noColor options do, plus what the terminal is.
type Options struct {
	// SummaryTrendStats are the trend values to report; empty means
	// avg, min, med, max, p(90), p(95). Allowed: avg, min, med, max,
	// count, p(N) with N from 0 to 100.
	SummaryTrendStats []string
	// SummaryTimeUnit fixes the unit of time values: s, ms or us; empty
	// picks a readable unit per value.
	SummaryTimeUnit string
	NoColor         bool
	IsStdOutTTY     bool
	IsStdErrTTY     bool
}

// Validate reports every invalid trend stat and time unit at once.
func (o Options) Validate() error {
	var errs []error
	for _, s := range o.SummaryTrendStats {
		if _, ok := parseStat(s); !ok {
			errs = append(errs, fmt.Errorf("summaryTrendStats: invalid stat %q: use avg, min, med, max, count or p(N) with N from 0 to 100", s))
		}
	}
	switch o.SummaryTimeUnit {
	case "", "s", "ms", "us":
	default:
		errs = append(errs, fmt.Errorf("summaryTimeUnit: invalid unit %q: use s, ms or us", o.SummaryTimeUnit))
	}
	return errors.Join(errs...)
}

func (o Options) withDefaults() Options {
	if len(o.SummaryTrendStats) == 0 {
		o.SummaryTrendStats = DefaultTrendStats()
	}
	return o
}

// parseStat reads a trend stat; for p(N) it returns N/100.
func parseStat(s string) (float64, bool) {
	switch s {
	case "avg", "min", "med", "max", "count":
		return 0, true
	}
	inner, ok := strings.CutPrefix(s, "p(")
	if !ok {
		return 0, false
	}
	inner, ok = strings.CutSuffix(inner, ")")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(inner, 64)
	if err != nil || n < 0 || n > 100 {
		return 0, false
	}
	return n / 100, true
}

// trendStat computes one summaryTrendStats value of a trend.
func trendStat(t *metrics.TrendSink, stat string) (float64, bool) {
	switch stat {
	case "avg":
		return t.Avg(), true
	case "min":
		return t.Min, true
	case "max":
		return t.Max, true
	case "med":
		return t.P(0.5), true
	case "count":
		return float64(t.Count), true
	}
	pct, ok := parseStat(stat)
	if !ok {
		return 0, false
	}
	return t.P(pct), true
}

// Input is everything the summary is built from.
type Input struct {
	Registry   *metrics.Registry
	Root       *Group
	Thresholds *thresholds.Set // may be nil
	Elapsed    time.Duration
	Options    Options
}
