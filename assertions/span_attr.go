package assertions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// AttrOp compares an attribute's value with a selector's.
type AttrOp string

// The attribute comparisons. Regular expressions are RE2 and, as in
// TraceQL and PromQL, match the whole value. "!=" and "!~" hold for a
// span without the attribute; the ordering operators need numbers on
// both sides (a numeric string attribute counts as a number).
const (
	OpEq         AttrOp = "="
	OpNe         AttrOp = "!="
	OpLt         AttrOp = "<"
	OpLe         AttrOp = "<="
	OpGt         AttrOp = ">"
	OpGe         AttrOp = ">="
	OpContains   AttrOp = "contains"
	OpMatches    AttrOp = "=~"
	OpNotMatches AttrOp = "!~"
	OpExists     AttrOp = "exists"
	OpAbsent     AttrOp = "absent"
)

var attrOps = []AttrOp{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpContains, OpMatches, OpNotMatches, OpExists, OpAbsent}

// AttrMatch is one condition on an attribute: Op (default "=") against
// Value. In JSON it is a plain value for equality ("search", 200, true)
// or an object: {"op": ">=", "value": 200}, {"op": "=~", "value":
// "tools/.*"}, {"op": "exists"}.
type AttrMatch struct {
	Op    AttrOp `json:"op,omitempty"`
	Value any    `json:"value,omitempty"`
}

// AttrEq is the condition "equals v".
func AttrEq(v any) AttrMatch { return AttrMatch{Op: OpEq, Value: v} }

// AttrCmp is the condition "op v".
func AttrCmp(op AttrOp, v any) AttrMatch { return AttrMatch{Op: op, Value: v} }

// UnmarshalJSON reads a plain value (equality) or {"op", "value"}.
func (m *AttrMatch) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var obj struct {
			Op    AttrOp          `json:"op"`
			Value json.RawMessage `json:"value"`
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&obj); err != nil {
			return fmt.Errorf(`attribute condition %s: want a value, or {"op": "=", "value": ...}: %w`, b, err)
		}
		*m = AttrMatch{Op: obj.Op}
		if len(obj.Value) == 0 {
			return nil
		}
		b = obj.Value
	} else {
		*m = AttrMatch{Op: OpEq}
	}
	v, err := jsonScalar(b)
	if err != nil {
		return fmt.Errorf("attribute condition %s: %w", b, err)
	}
	m.Value = v
	return nil
}

// MarshalJSON writes equality as the plain value.
func (m AttrMatch) MarshalJSON() ([]byte, error) {
	if m.Op == "" || m.Op == OpEq {
		return json.Marshal(m.Value)
	}
	type plain AttrMatch
	return json.Marshal(plain(m))
}

// jsonScalar decodes a JSON value, integers as int64 so that ids and
// counts compare exactly.
func jsonScalar(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i, nil
		}
		return n.Float64()
	}
	return v, nil
}

// attrTest is a compiled AttrMatch.
type attrTest struct {
	key string
	m   AttrMatch
	re  *regexp.Regexp
}

// compileAttr checks a condition and compiles its regular expression.
func compileAttr(key string, m AttrMatch) (attrTest, error) {
	t := attrTest{key: key, m: m}
	if t.m.Op == "" {
		t.m.Op = OpEq
	}
	if strings.TrimSpace(key) == "" {
		return t, fmt.Errorf("an attribute condition has an empty key")
	}
	switch t.m.Op {
	case OpEq, OpNe, OpContains:
		if m.Value == nil {
			return t, fmt.Errorf("attribute %s: %q needs a value", key, t.m.Op)
		}
	case OpLt, OpLe, OpGt, OpGe:
		if _, ok := number(m.Value); !ok {
			return t, fmt.Errorf("attribute %s: %q needs a number, not %s", key, t.m.Op, describeValue(m.Value))
		}
	case OpMatches, OpNotMatches:
		s, ok := m.Value.(string)
		if !ok {
			return t, fmt.Errorf("attribute %s: %q needs a regular expression string, not %s", key, t.m.Op, describeValue(m.Value))
		}
		re, err := regexp.Compile("^(?:" + s + ")$")
		if err != nil {
			return t, fmt.Errorf("attribute %s: regular expression %q: %v", key, s, err)
		}
		t.re = re
	case OpExists, OpAbsent:
		if m.Value != nil {
			return t, fmt.Errorf("attribute %s: %q takes no value (use the other of exists/absent)", key, t.m.Op)
		}
	default:
		return t, fmt.Errorf("attribute %s: unknown operator %q; use one of %s", key, t.m.Op, joinOps())
	}
	return t, nil
}

func joinOps() string {
	s := make([]string, len(attrOps))
	for i, op := range attrOps {
		s[i] = string(op)
	}
	return strings.Join(s, " ")
}

// String is the condition as TraceQL-like text: `k >= 200`.
func (t attrTest) String() string {
	if t.m.Op == OpExists || t.m.Op == OpAbsent {
		return t.key + " " + string(t.m.Op)
	}
	return fmt.Sprintf("%s %s %s", t.key, t.m.Op, describeValue(t.m.Value))
}

// test checks the span; got says what it has when the test fails.
func (t attrTest) test(s *Span) (bool, string) {
	v, ok := s.Attribute(t.key)
	if !ok {
		ok := t.m.Op == OpNe || t.m.Op == OpNotMatches || t.m.Op == OpAbsent
		return ok, "has no " + t.key
	}
	got := fmt.Sprintf("%s is %s", t.key, describeValue(v))
	switch t.m.Op {
	case OpEq:
		return valueEquals(v, t.m.Value), got
	case OpNe:
		return !valueEquals(v, t.m.Value), got
	case OpContains:
		return anyElem(v, func(x any) bool { return strings.Contains(plainString(x), plainString(t.m.Value)) }), got
	case OpMatches:
		return anyElem(v, func(x any) bool { return t.re.MatchString(plainString(x)) }), got
	case OpNotMatches:
		return !anyElem(v, func(x any) bool { return t.re.MatchString(plainString(x)) }), got
	case OpExists:
		return true, got
	case OpAbsent:
		return false, got
	}
	a, ok := number(v)
	if !ok {
		return false, got + ", not a number"
	}
	b, _ := number(t.m.Value)
	switch t.m.Op {
	case OpLt:
		return a < b, got
	case OpLe:
		return a <= b, got
	case OpGt:
		return a > b, got
	}
	return a >= b, got
}

// valueEquals compares an attribute with a wanted value: numbers by
// value (200 = "200" = 200.0), anything else by its text; an array
// attribute equals a value one of its elements equals.
func valueEquals(got, want any) bool {
	return anyElem(got, func(x any) bool {
		if a, ok := number(x); ok {
			if b, ok := number(want); ok {
				if ai, ok := x.(int64); ok {
					if bi, ok := want.(int64); ok {
						return ai == bi
					}
				}
				return a == b
			}
		}
		return plainString(x) == plainString(want)
	})
}

// anyElem applies f to v, or to each element of an array v.
func anyElem(v any, f func(any) bool) bool {
	arr, ok := v.([]any)
	if !ok {
		return f(v)
	}
	for _, x := range arr {
		if f(x) {
			return true
		}
	}
	return false
}

// number reads v as a number: a Go number, or a string holding one.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsNaN(f)
	}
	return 0, false
}

// plainString is v's text: a string as is, anything else as Go prints
// it (bytes as hex).
func plainString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return fmt.Sprintf("%x", x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// describeValue is v for messages: strings quoted.
func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return plainString(v)
}
