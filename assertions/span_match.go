package assertions

import (
	"fmt"
	"sort"
	"strings"
)

// closestShown is how many near misses a failure message lists.
const closestShown = 3

// TraceReport is what traceMatches saw in the trace, last time it
// looked (Result.Details).
type TraceReport struct {
	TraceID   string           `json:"traceId"`
	Spans     int              `json:"spans"`
	Services  []string         `json:"services,omitempty"`
	Selectors []SelectorReport `json:"selectors"`
	Partial   bool             `json:"partial,omitempty"`
	Warnings  []string         `json:"warnings,omitempty"`
}

// SelectorReport is one selector's standing.
type SelectorReport struct {
	// Selector is the selector's label and text.
	Selector string `json:"selector"`
	// Want is the count it needs ("at least 1", "none").
	Want    string   `json:"want"`
	Matched int      `json:"matched"`
	SpanIDs []string `json:"spanIds,omitempty"`
	OK      bool     `json:"ok"`
}

// verdict is one evaluation of a selector set on a trace.
type verdict struct {
	report TraceReport
	// held: every selector's count is within its bounds. over: one
	// has more matches than it allows, which more spans cannot mend.
	held, over bool
	why        string
}

// matcher tests spans of one trace against selectors.
type matcher struct {
	t    *Trace
	idx  map[string]*Span
	memo map[memoKey]bool
}

type memoKey struct {
	c    *compiled
	span string
}

func newMatcher(t *Trace) *matcher {
	return &matcher{t: t, idx: t.index(), memo: map[memoKey]bool{}}
}

// evaluate checks every selector against t.
func (set *selectorSet) evaluate(t *Trace) verdict {
	m := newMatcher(t)
	v := verdict{held: true, report: TraceReport{TraceID: t.ID, Spans: len(t.Spans), Services: t.Services(), Partial: t.Partial, Warnings: t.Warnings}}
	var short, over string
	for _, c := range set.top {
		matches := m.matching(c)
		rep := SelectorReport{Selector: c.label + " " + c.sel.String(), Want: c.want(), Matched: len(matches)}
		for _, s := range matches {
			rep.SpanIDs = append(rep.SpanIDs, s.SpanID)
		}
		switch {
		case c.max >= 0 && len(matches) > c.max:
			v.held, v.over = false, true
			if over == "" {
				over = fmt.Sprintf("%s %s matched %s, want %s: %s", c.label, c.sel.String(), spansText(len(matches)), c.want(), labels(matches))
			}
		case len(matches) < c.min:
			v.held = false
			if short == "" {
				short = fmt.Sprintf("%s %s matched %s, want %s; %s", c.label, c.sel.String(), spansText(len(matches)), c.want(), m.closest(c, matches))
			}
		default:
			rep.OK = true
		}
		v.report.Selectors = append(v.report.Selectors, rep)
	}
	switch {
	case over != "":
		v.why = over
	case short != "":
		v.why = short
	default:
		v.why = fmt.Sprintf("all %d selectors hold on the trace's %s (%s)", len(set.top), spansText(len(t.Spans)), strings.Join(t.Services(), ", "))
	}
	if t.Partial {
		v.why += "; the backend says the trace is partial: " + strings.Join(t.Warnings, "; ")
	}
	return v
}

// hasUpper reports whether any selector caps its count, so that a late
// span could still break it.
func (set *selectorSet) hasUpper() bool {
	for _, c := range set.top {
		if c.max >= 0 {
			return true
		}
	}
	return false
}

// want is the count c needs, in words.
func (c *compiled) want() string {
	switch {
	case c.max < 0:
		return fmt.Sprintf("at least %d", c.min)
	case c.max == 0:
		return "none"
	case c.min == c.max:
		return fmt.Sprintf("exactly %d", c.min)
	case c.min == 0:
		return fmt.Sprintf("at most %d", c.max)
	}
	return fmt.Sprintf("%d to %d", c.min, c.max)
}

// matching lists the spans that match c, in start order.
func (m *matcher) matching(c *compiled) []*Span {
	var out []*Span
	for i := range m.t.Spans {
		if m.full(c, &m.t.Spans[i]) {
			out = append(out, &m.t.Spans[i])
		}
	}
	return out
}

// full reports whether s matches c: its own properties and relations.
func (m *matcher) full(c *compiled, s *Span) bool {
	key := memoKey{c, s.SpanID}
	if v, ok := m.memo[key]; ok {
		return v
	}
	m.memo[key] = false // a malformed trace whose parents loop ends here
	_, fails := m.check(c, s, true)
	m.memo[key] = fails == nil
	return fails == nil
}

// check tests s against c, returning how many tests passed and what
// failed. first stops at the first failure.
func (m *matcher) check(c *compiled, s *Span, first bool) (int, []string) {
	passed := 0
	var fails []string
	note := func(ok bool, got string) bool {
		if ok {
			passed++
			return false
		}
		fails = append(fails, got)
		return first
	}
	for _, p := range c.preds {
		if note(p.test(s)) {
			return passed, fails
		}
	}
	if c.parent != nil && note(m.parentMatches(c.parent, s)) {
		return passed, fails
	}
	if c.ancestor != nil {
		note(m.ancestorMatches(c.ancestor, s))
	}
	return passed, fails
}

// parentMatches tests the relation "s's parent matches p".
func (m *matcher) parentMatches(p *compiled, s *Span) (bool, string) {
	if s.ParentSpanID == "" {
		return false, "it is a root span, so has no parent matching " + p.label
	}
	parent := m.idx[s.ParentSpanID]
	if parent == nil {
		return false, fmt.Sprintf("its parent %s is not in the trace, so cannot match %s", s.ParentSpanID, p.label)
	}
	if m.full(p, parent) {
		return true, ""
	}
	return false, fmt.Sprintf("its parent %s does not match %s", parent.label(), p.label)
}

// ancestorMatches tests the relation "a span above s matches a".
func (m *matcher) ancestorMatches(a *compiled, s *Span) (bool, string) {
	seen := map[string]bool{s.SpanID: true}
	var above []string
	for p := m.idx[s.ParentSpanID]; p != nil && !seen[p.SpanID]; p = m.idx[p.ParentSpanID] {
		if m.full(a, p) {
			return true, ""
		}
		seen[p.SpanID] = true
		above = append(above, p.label())
	}
	if len(above) == 0 {
		return false, "no span of the trace is above it, so none matches " + a.label
	}
	return false, fmt.Sprintf("no span above it matches %s (above it: %s)", a.label, strings.Join(above, " < "))
}

// closest describes the spans that came nearest to matching c, and why
// they do not.
func (m *matcher) closest(c *compiled, matches []*Span) string {
	if len(m.t.Spans) == 0 {
		return "the trace has no spans"
	}
	type miss struct {
		s     *Span
		fails []string
	}
	matched := map[*Span]bool{}
	for _, s := range matches {
		matched[s] = true
	}
	var misses []miss
	for i := range m.t.Spans {
		s := &m.t.Spans[i]
		if matched[s] {
			continue
		}
		_, fails := m.check(c, s, false)
		misses = append(misses, miss{s, fails})
	}
	sort.SliceStable(misses, func(i, j int) bool { return len(misses[i].fails) < len(misses[j].fails) })
	var parts []string
	for _, x := range misses[:min(len(misses), closestShown)] {
		parts = append(parts, x.s.label()+": "+strings.Join(x.fails, "; "))
	}
	text := "closest: " + strings.Join(parts, " | ")
	if n := len(misses) - closestShown; n > 0 {
		text += fmt.Sprintf(" (and %d more spans)", n)
	}
	return text
}

// labels lists spans for messages, the first few.
func labels(spans []*Span) string {
	parts := make([]string, 0, closestShown)
	for _, s := range spans[:min(len(spans), closestShown)] {
		parts = append(parts, s.label())
	}
	if n := len(spans) - closestShown; n > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", n))
	}
	return strings.Join(parts, ", ")
}

func spansText(n int) string {
	if n == 1 {
		return "1 span"
	}
	return fmt.Sprintf("%d spans", n)
}
