package assertions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// SpanSelector picks spans of a trace, like a tracetest selector: every
// field set must hold for a span to match, and the selector holds when
// the number of matching spans is within its count (at least one unless
// it says otherwise). From a script it is a plain object:
//
//	{id: "tool", tool: "search", kind: "server", service: "mcp-server",
//	 attributes: {"mcp.method.name": "tools/call", "http.response.status_code": {op: ">=", value: 200}},
//	 maxDuration: "2s", status: "ok"}
//	{kind: "client", parent: "tool"}                  // a child of the span above
//	{service: "downstream", ancestor: "tool"}         // anywhere below it
//	{status: "error", count: 0}                       // no span like this
//
// Durations are Go duration strings ("150ms") or numbers of
// milliseconds. Unknown fields are an error, so a typo cannot turn into
// a selector that matches everything.
type SpanSelector struct {
	// ID names the selector for parent/ancestor references and
	// messages (optional; its index in the list always works).
	ID string `json:"id,omitempty"`
	// Name is the exact span name; NameMatches a regular expression
	// (RE2) that must match all of it.
	Name        string `json:"name,omitempty"`
	NameMatches string `json:"nameMatches,omitempty"`
	// Kind is server, client, internal, producer, consumer or
	// unspecified.
	Kind SpanKind `json:"kind,omitempty"`
	// Service is the span's resource service.name.
	Service string `json:"service,omitempty"`
	// Method is an MCP method: mcp.method.name, or a span name that is
	// the method or starts with it ("tools/call search").
	Method string `json:"method,omitempty"`
	// Tool is an MCP tool: gen_ai.tool.name (or mcp.tool.name, the
	// seed's tool_name), or a span name ending in " <tool>".
	Tool string `json:"tool,omitempty"`
	// Attributes are conditions on attributes, by key: a bare key looks
	// in the span's attributes, then its resource's; "span.k" and
	// "resource.k" pick one.
	Attributes map[string]AttrMatch `json:"attributes,omitempty"`
	// MinDuration and MaxDuration bound the span's duration.
	MinDuration time.Duration `json:"minDuration,omitempty"`
	MaxDuration time.Duration `json:"maxDuration,omitempty"`
	// Status is unset, ok or error; StatusMessage must be part of the
	// status description.
	Status        SpanStatus `json:"status,omitempty"`
	StatusMessage string     `json:"statusMessage,omitempty"`
	// Parent: the span's parent matches this selector. Ancestor: some
	// span above it does. Either refers to another selector of the list
	// (its id, its name, or its index) or is a selector of its own.
	Parent   *SpanRef `json:"parent,omitempty"`
	Ancestor *SpanRef `json:"ancestor,omitempty"`
	// Count is the exact number of matching spans (0: no span like
	// this); MinCount and MaxCount bound it instead. Unset: at least 1.
	Count    *int `json:"count,omitempty"`
	MinCount *int `json:"minCount,omitempty"`
	MaxCount *int `json:"maxCount,omitempty"`
}

// SpanRef points at a selector: another one of the list, by ID, name or
// index, or one of its own.
type SpanRef struct {
	// Ref is a selector's id, or its name.
	Ref string
	// Index is a selector's position in the list (from 0).
	Index *int
	// Selector is a selector of its own (its counts have no meaning).
	Selector *SpanSelector
}

// RefTo refers to the selector with this id (or name).
func RefTo(idOrName string) *SpanRef { return &SpanRef{Ref: idOrName} }

// RefIndex refers to the selector at index i of the list.
func RefIndex(i int) *SpanRef { return &SpanRef{Index: &i} }

// RefSpan is a selector of its own.
func RefSpan(s SpanSelector) *SpanRef { return &SpanRef{Selector: &s} }

// N is a count for SpanSelector's Count, MinCount and MaxCount.
func N(n int) *int { return &n }

// UnmarshalJSON reads a string (id or name), a number (index) or an
// object (a selector).
func (r *SpanRef) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		*r = SpanRef{}
		return json.Unmarshal(b, &r.Ref)
	case len(b) > 0 && b[0] == '{':
		var s SpanSelector
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = SpanRef{Selector: &s}
		return nil
	}
	var i int
	if err := json.Unmarshal(b, &i); err != nil {
		return fmt.Errorf("span reference %s: want a selector's id or name, its index, or a selector object", b)
	}
	*r = SpanRef{Index: &i}
	return nil
}

// MarshalJSON writes the form UnmarshalJSON reads.
func (r SpanRef) MarshalJSON() ([]byte, error) {
	switch {
	case r.Selector != nil:
		return json.Marshal(r.Selector)
	case r.Index != nil:
		return json.Marshal(*r.Index)
	}
	return json.Marshal(r.Ref)
}

// String is the reference for messages.
func (r *SpanRef) String() string {
	switch {
	case r == nil:
		return ""
	case r.Selector != nil:
		return r.Selector.String()
	case r.Index != nil:
		return fmt.Sprintf("spans[%d]", *r.Index)
	}
	return strconv.Quote(r.Ref)
}

// plainSelector is SpanSelector without its JSON methods.
type plainSelector SpanSelector

// selectorJSON is the JSON form: durations as duration strings.
type selectorJSON struct {
	*plainSelector
	MinDuration *duration.Duration `json:"minDuration,omitempty"`
	MaxDuration *duration.Duration `json:"maxDuration,omitempty"`
}

// UnmarshalJSON reads a selector object; durations may be strings
// ("150ms") or milliseconds, and unknown fields are an error.
func (s *SpanSelector) UnmarshalJSON(b []byte) error {
	*s = SpanSelector{}
	aux := selectorJSON{plainSelector: (*plainSelector)(s)}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&aux); err != nil {
		return fmt.Errorf("span selector: %w", err)
	}
	if aux.MinDuration != nil {
		s.MinDuration = aux.MinDuration.D()
	}
	if aux.MaxDuration != nil {
		s.MaxDuration = aux.MaxDuration.D()
	}
	return nil
}

// MarshalJSON writes durations as strings, as UnmarshalJSON reads them.
func (s SpanSelector) MarshalJSON() ([]byte, error) {
	aux := selectorJSON{plainSelector: (*plainSelector)(&s)}
	if s.MinDuration != 0 {
		d := duration.Duration(s.MinDuration)
		aux.MinDuration = &d
	}
	if s.MaxDuration != 0 {
		d := duration.Duration(s.MaxDuration)
		aux.MaxDuration = &d
	}
	return json.Marshal(aux)
}

// String is the selector in one line: {tool search, kind server, ...}.
func (s SpanSelector) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+" "+v)
		}
	}
	add("id", s.ID)
	if s.Name != "" {
		add("name", strconv.Quote(s.Name))
	}
	if s.NameMatches != "" {
		add("name =~", strconv.Quote(s.NameMatches))
	}
	add("kind", string(s.Kind))
	add("service", s.Service)
	add("method", s.Method)
	add("tool", s.Tool)
	for _, k := range slices.Sorted(maps.Keys(s.Attributes)) {
		t := attrTest{key: k, m: s.Attributes[k]}
		if t.m.Op == "" {
			t.m.Op = OpEq
		}
		parts = append(parts, t.String())
	}
	if s.MinDuration > 0 {
		add("duration >=", s.MinDuration.String())
	}
	if s.MaxDuration > 0 {
		add("duration <=", s.MaxDuration.String())
	}
	add("status", string(s.Status))
	if s.StatusMessage != "" {
		add("status message contains", strconv.Quote(s.StatusMessage))
	}
	add("parent", s.Parent.String())
	add("ancestor", s.Ancestor.String())
	if c := s.countText(); c != "" {
		add("count", c)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// countText is the count as written (empty: the default, at least 1).
func (s SpanSelector) countText() string {
	switch {
	case s.Count != nil:
		return strconv.Itoa(*s.Count)
	case s.MinCount != nil && s.MaxCount != nil:
		return fmt.Sprintf("%d..%d", *s.MinCount, *s.MaxCount)
	case s.MinCount != nil:
		return fmt.Sprintf(">= %d", *s.MinCount)
	case s.MaxCount != nil:
		return fmt.Sprintf("<= %d", *s.MaxCount)
	}
	return ""
}
