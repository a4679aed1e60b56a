package duration

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// hint ends every error: what to write instead.
const hint = `give a duration like "30s" or a number of milliseconds`

const day = 24 * time.Hour

// Parse reads a duration string: Go syntax, optionally after a day count
// ("2d", "1d12h", "1.5d"), or a plain number of milliseconds ("250").
func Parse(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("%w: empty; %s", ErrInvalid, hint)
	}
	if ms, err := strconv.ParseFloat(t, 64); err == nil {
		return fromMillis(ms, strconv.Quote(s))
	}
	d, err := parseUnits(t)
	if err != nil {
		return 0, fmt.Errorf("%w %q: %s", ErrInvalid, s, hint)
	}
	if d < 0 {
		return 0, fmt.Errorf("%w %q: must not be negative; %s", ErrInvalid, s, hint)
	}
	return d, nil
}

// parseUnits reads Go syntax with an optional leading "<n>d". A sign after
// the day count ("1d-2h") is refused, as the whole would be ambiguous.
func parseUnits(s string) (time.Duration, error) {
	i := strings.IndexByte(s, 'd')
	if i < 0 {
		return time.ParseDuration(s)
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || math.Abs(n) > float64(math.MaxInt64/day) {
		return 0, ErrInvalid
	}
	days := time.Duration(n * float64(day))
	rest := s[i+1:]
	if rest == "" {
		return days, nil
	}
	if rest[0] == '-' || rest[0] == '+' {
		return 0, ErrInvalid
	}
	v, err := time.ParseDuration(rest)
	if err != nil || days > math.MaxInt64-v {
		return 0, ErrInvalid
	}
	return days + v, nil
}

// FromAny converts a value exported from JavaScript: a number of
// milliseconds (int64, float64 or another Go integer type) or a string
// for Parse.
func FromAny(v any) (time.Duration, error) {
	switch x := v.(type) {
	case string:
		return Parse(x)
	case int64:
		return fromMillis(float64(x), strconv.FormatInt(x, 10))
	case int:
		return fromMillis(float64(x), strconv.Itoa(x))
	case int32:
		return fromMillis(float64(x), strconv.Itoa(int(x)))
	case float64:
		return fromMillis(x, strconv.FormatFloat(x, 'g', -1, 64))
	default:
		return 0, fmt.Errorf("%w %v (a %T): %s", ErrInvalid, v, v, hint)
	}
}

// fromMillis converts a number of milliseconds; shown is how the value is
// named in an error.
func fromMillis(ms float64, shown string) (time.Duration, error) {
	switch {
	case math.IsNaN(ms) || math.IsInf(ms, 0):
		return 0, fmt.Errorf("%w %s: not a finite number; %s", ErrInvalid, shown, hint)
	case ms < 0:
		return 0, fmt.Errorf("%w %s: must not be negative; %s", ErrInvalid, shown, hint)
	case ms*float64(time.Millisecond) >= math.MaxInt64:
		return 0, fmt.Errorf("%w %s: longer than %s; %s", ErrInvalid, shown, time.Duration(math.MaxInt64), hint)
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}
