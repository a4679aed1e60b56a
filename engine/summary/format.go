package summary

import (
	"math"
	"strconv"
	"strings"
)

// Value formatting as k6's summary shows it.

// formatValue renders v of a metric that contains vt ("time", "data" or
// "default"); time values are milliseconds.
func formatValue(v float64, contains, timeUnit string) string {
	switch contains {
	case "time":
		return formatDuration(v, timeUnit)
	case "data":
		return formatBytes(v)
	}
	return trimFixed(v, 6)
}

// formatRate renders a 0..1 rate as a percentage truncated to 2 decimals.
func formatRate(r float64) string {
	return strconv.FormatFloat(math.Floor(r*10000+1e-7)/100, 'f', 2, 64) + "%"
}

// trimFixed formats with prec decimals and drops trailing zeros.
func trimFixed(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// formatDuration renders milliseconds in a fixed unit (s, ms, us) or the
// most readable one.
func formatDuration(ms float64, unit string) string {
	switch unit {
	case "s":
		return strconv.FormatFloat(ms/1000, 'f', 2, 64) + "s"
	case "ms":
		return strconv.FormatFloat(ms, 'f', 2, 64) + "ms"
	case "us":
		return strconv.FormatFloat(ms*1000, 'f', 2, 64) + "µs"
	}
	abs := math.Abs(ms)
	switch {
	case abs == 0:
		return "0s"
	case abs < 0.001:
		return strconv.FormatInt(int64(ms*1e6), 10) + "ns"
	case abs < 1:
		return trimFixed(ms*1000, 2) + "µs"
	case abs < 1000:
		return trimFixed(ms, 2) + "ms"
	}
	secPrec := 2
	if abs > 60000 {
		secPrec = 0
	}
	out := trimFixed(math.Mod(ms, 60000)/1000, secPrec) + "s"
	minutes := int64(ms / 60000)
	if minutes == 0 {
		return out
	}
	out = strconv.FormatInt(minutes%60, 10) + "m" + out
	if hours := minutes / 60; hours > 0 {
		out = strconv.FormatInt(hours, 10) + "h" + out
	}
	return out
}

// formatBytes renders a byte count with decimal units.
func formatBytes(b float64) string {
	if b < 10 {
		return trimFixed(b, 0) + " B"
	}
	units := []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	e := min(int(math.Floor(math.Log(b)/math.Log(1000))), len(units)-1)
	v := math.Floor(b/math.Pow(1000, float64(e))*10+0.5) / 10
	prec := 0
	if v < 10 {
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + " " + units[e]
}
