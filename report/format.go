package report

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// fmtDuration is a duration as an SRE reads it: 850ms, 3.1s, 2m05s.
func fmtDuration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d < 10*time.Millisecond:
		s = strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + "ms"
	case d < time.Second:
		s = fmt.Sprintf("%dms", d.Round(time.Millisecond).Milliseconds())
	case d < 10*time.Second:
		s = strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + "s"
	case d < time.Minute:
		s = strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	default:
		d = d.Round(time.Second)
		s = fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	if neg {
		return "-" + s
	}
	return s
}

// fmtAfter is "+3.10s".
func fmtAfter(d time.Duration) string {
	if d < 0 {
		return fmtDuration(d)
	}
	return "+" + fmtDuration(d)
}

// afterOf is "+1.20s" from a to b, "" when either is unset.
func afterOf(a, b time.Time) string {
	if a.IsZero() || b.IsZero() {
		return ""
	}
	return fmtAfter(b.Sub(a))
}

// fmtClock is a wall-clock time, to the millisecond, in UTC.
func fmtClock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("15:04:05.000")
}

// fmtValue renders an observed value: a string as is, anything else as
// compact JSON.
func fmtValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return fmtNumber(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// fmtNumber is a number in at most 4 significant digits.
func fmtNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', 4, 64)
}

// fmtUnit renders v in unit u, for axes and labels.
func fmtUnit(v float64, u Unit) string {
	switch u {
	case UnitSeconds:
		if v == 0 {
			return "0"
		}
		return fmtDuration(time.Duration(v * float64(time.Second)))
	case UnitRatio:
		return strconv.FormatFloat(v*100, 'f', pctDigits(v*100), 64) + "%"
	case UnitPerSecond:
		return fmtNumber(roundTo(v, 3)) + "/s"
	case UnitUp:
		if v >= 0.5 {
			return "up"
		}
		return "down"
	}
	return fmtNumber(v)
}

func pctDigits(p float64) int {
	if p == math.Trunc(p) || p >= 10 {
		return 0
	}
	return 1
}

// roundTo rounds f to n significant digits.
func roundTo(f float64, n int) float64 {
	if f == 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(f))))
	return math.Round(f*p) / p
}

// stagesText is "pending +3.10s, firing +5.00s".
func stagesText(e assertions.Entry) string {
	parts := make([]string, 0, len(e.Stages))
	for _, s := range e.Stages {
		if e.Since.IsZero() {
			parts = append(parts, s.Name+" at "+fmtClock(s.At))
			continue
		}
		parts = append(parts, s.Name+" "+fmtAfter(s.After))
	}
	return strings.Join(parts, ", ")
}
