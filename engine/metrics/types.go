package metrics

import "fmt"

// Type is the kind of a metric, as k6 names them.
type Type int

// The four k6 metric types.
const (
	Counter Type = iota + 1
	Gauge
	Rate
	Trend
)

// String returns k6's lower-case name for the type.
func (t Type) String() string {
	switch t {
	case Counter:
		return "counter"
	case Gauge:
		return "gauge"
	case Rate:
		return "rate"
	case Trend:
		return "trend"
	default:
		return fmt.Sprintf("Type(%d)", int(t))
	}
}

// ParseType reads k6's name of a metric type.
func ParseType(s string) (Type, error) {
	for _, t := range []Type{Counter, Gauge, Rate, Trend} {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown metric type %q: use counter, gauge, rate or trend", s)
}

// ValueType says what a metric's values measure, for formatting.
type ValueType int

// Value types: plain numbers, durations in milliseconds, bytes.
const (
	Default ValueType = iota
	Time
	Data
)

// String returns k6's name for the value type.
func (v ValueType) String() string {
	switch v {
	case Time:
		return "time"
	case Data:
		return "data"
	default:
		return "default"
	}
}
