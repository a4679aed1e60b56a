package k6http

import (
	"errors"
	"fmt"
	"math"

	"github.com/grafana/sobek"
)

// statusSet is what http.expectedStatuses() returns: the statuses a
// response callback counts as expected. A nil *statusSet is the null
// callback: no expected_response tag, no http_req_failed sample.
type statusSet struct {
	codes  map[int]bool
	ranges [][2]int
}

// defaultStatuses is k6's default callback: 200 to 399 are expected.
func defaultStatuses() *statusSet { return &statusSet{ranges: [][2]int{{200, 399}}} }

func (s *statusSet) expected(status int) bool {
	if s.codes[status] {
		return true
	}
	for _, r := range s.ranges {
		if status >= r[0] && status <= r[1] {
			return true
		}
	}
	return false
}

var (
	errURLTag      = errors.New("http.url is a tagged template: write http.url`http://host/items/${id}`")
	errNotCallback = errors.New("want the value of http.expectedStatuses(...) or null (k6 supports no other response callback)")
)

// newStatusSet implements http.expectedStatuses(200, {min: 300, max: 399}, ...).
func newStatusSet(rt *sobek.Runtime, c sobek.FunctionCall) sobek.Value {
	if len(c.Arguments) == 0 {
		throw(rt, errors.New("http.expectedStatuses(): pass status codes or {min, max} ranges, e.g. http.expectedStatuses(200, {min: 300, max: 399})"))
	}
	s := &statusSet{codes: map[int]bool{}}
	for i, a := range c.Arguments {
		if obj, ok := a.(*sobek.Object); ok {
			lo, errLo := statusNumber(obj.Get("min"))
			hi, errHi := statusNumber(obj.Get("max"))
			if errLo != nil || errHi != nil || lo > hi {
				throw(rt, fmt.Errorf("http.expectedStatuses(): argument %d: a range is {min: 200, max: 399} with whole numbers, min <= max", i+1))
			}
			s.ranges = append(s.ranges, [2]int{lo, hi})
			continue
		}
		n, err := statusNumber(a)
		if err != nil {
			throw(rt, fmt.Errorf("http.expectedStatuses(): argument %d %q: want a status code (a whole number) or {min, max}", i+1, a.String()))
		}
		s.codes[n] = true
	}
	return rt.ToValue(s)
}

func statusNumber(v sobek.Value) (int, error) {
	if isNullish(v) {
		return 0, errors.New("missing")
	}
	f := v.ToFloat()
	if math.IsNaN(f) || f != math.Trunc(f) || f < 0 || f > 999 {
		return 0, errors.New("not a status")
	}
	return int(f), nil
}

// asStatusSet reads a callback argument: an expectedStatuses value, or
// null for none.
func asStatusSet(v sobek.Value, what string) (*statusSet, error) {
	if sobek.IsNull(v) {
		return nil, nil
	}
	s, ok := v.Export().(*statusSet)
	if !ok || s == nil {
		return nil, fmt.Errorf("%s: %w", what, errNotCallback)
	}
	return s, nil
}
