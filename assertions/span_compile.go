package assertions

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// selectorSet is a list of selectors, checked and compiled, with their
// references resolved.
type selectorSet struct {
	top []*compiled
}

// compiled is one selector ready to test spans.
type compiled struct {
	sel   SpanSelector
	label string
	preds []pred
	// parent and ancestor are the selectors the relations point at.
	parent, ancestor *compiled
	// min and max bound the count of matching spans (max < 0: none).
	min, max int
}

// pred is one property a span must have. test says whether it has it,
// and what it has instead when not.
type pred struct {
	test func(s *Span) (bool, string)
}

// compileSelectors checks every selector, reporting every problem at
// once, and resolves parent and ancestor references.
func compileSelectors(sels []SpanSelector) (*selectorSet, error) {
	if len(sels) == 0 {
		return nil, fmt.Errorf("%w: traceMatches needs at least one span selector (to check only that a trace arrived, use traceExists)", ErrBadExpectation)
	}
	set := &selectorSet{}
	var errs []error
	ids := map[string]int{}
	for i, s := range sels {
		c, err := compileOne(s, selectorLabel(i, s.ID), true)
		errs = append(errs, err)
		set.top = append(set.top, c)
		if s.ID != "" {
			if j, dup := ids[s.ID]; dup {
				errs = append(errs, fmt.Errorf("spans[%d] and spans[%d] have the same id %q", j, i, s.ID))
			}
			ids[s.ID] = i
		}
	}
	for i, s := range sels {
		c := set.top[i]
		var err error
		c.parent, err = set.resolve(s.Parent, c.label, "parent", 0)
		errs = append(errs, err)
		c.ancestor, err = set.resolve(s.Ancestor, c.label, "ancestor", 0)
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadExpectation, err)
	}
	if err := set.checkCycles(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadExpectation, err)
	}
	return set, nil
}

func selectorLabel(i int, id string) string {
	if id != "" {
		return fmt.Sprintf("spans[%d] (%s)", i, id)
	}
	return fmt.Sprintf("spans[%d]", i)
}

// maxRefDepth bounds selectors nested in parent/ancestor objects.
const maxRefDepth = 16

// resolve finds the selector r points at; an inline selector is
// compiled in place.
func (set *selectorSet) resolve(r *SpanRef, from, rel string, depth int) (*compiled, error) {
	switch {
	case r == nil:
		return nil, nil
	case depth > maxRefDepth:
		return nil, fmt.Errorf("%s: %s selectors are nested more than %d deep", from, rel, maxRefDepth)
	case r.Selector != nil:
		s := *r.Selector
		label := fmt.Sprintf("%s's %s %s", from, rel, s.String())
		c, err := compileOne(s, label, false)
		if err != nil {
			return nil, err
		}
		var errs []error
		c.parent, err = set.resolve(s.Parent, label, "parent", depth+1)
		errs = append(errs, err)
		c.ancestor, err = set.resolve(s.Ancestor, label, "ancestor", depth+1)
		errs = append(errs, err)
		return c, joinErrs(errs)
	case r.Index != nil:
		if *r.Index < 0 || *r.Index >= len(set.top) {
			return nil, fmt.Errorf("%s: %s %d is not an index of spans (0 to %d)", from, rel, *r.Index, len(set.top)-1)
		}
		return set.top[*r.Index], nil
	}
	var byName []*compiled
	for _, c := range set.top {
		if c.sel.ID == r.Ref {
			return c, nil
		}
		if c.sel.Name == r.Ref {
			byName = append(byName, c)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return nil, fmt.Errorf("%s: %s %q names no selector; use a selector's id, its name, or its index", from, rel, r.Ref)
	}
	return nil, fmt.Errorf("%s: %s %q is the name of %d selectors; give the one you mean an id", from, rel, r.Ref, len(byName))
}

// checkCycles rejects selectors that are, through their relations,
// their own parent or ancestor.
func (set *selectorSet) checkCycles() error {
	var walk func(c *compiled, path []*compiled) error
	walk = func(c *compiled, path []*compiled) error {
		if slices.Contains(path, c) {
			names := make([]string, 0, len(path)+1)
			for _, p := range path {
				names = append(names, p.label)
			}
			return fmt.Errorf("selectors refer to themselves: %s -> %s", strings.Join(names, " -> "), c.label)
		}
		path = append(path, c)
		for _, next := range []*compiled{c.parent, c.ancestor} {
			if next != nil {
				if err := walk(next, path); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, c := range set.top {
		if err := walk(c, nil); err != nil {
			return err
		}
	}
	return nil
}

// compileOne checks one selector's own fields and builds its tests.
// top says it is one of the list (inline ones take no counts).
func compileOne(s SpanSelector, label string, top bool) (*compiled, error) {
	c := &compiled{sel: s, label: label}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{label}, args...)...))
	}
	c.min, c.max = counts(s, top, bad)
	if s.Name != "" {
		c.add(func(sp *Span) (bool, string) {
			return sp.Name == s.Name, "name is " + strconv.Quote(sp.Name)
		})
	}
	if s.NameMatches != "" {
		re, err := regexp.Compile("^(?:" + s.NameMatches + ")$")
		if err != nil {
			bad("nameMatches %q: %v", s.NameMatches, err)
		} else {
			c.add(func(sp *Span) (bool, string) {
				return re.MatchString(sp.Name), "name is " + strconv.Quote(sp.Name)
			})
		}
	}
	addEnum(c, bad, "kind", s.Kind, spanKinds, func(sp *Span) SpanKind { return sp.Kind })
	if s.Service != "" {
		c.add(func(sp *Span) (bool, string) {
			return sp.Service == s.Service, "service is " + strconv.Quote(sp.Service)
		})
	}
	if s.Method != "" {
		c.add(func(sp *Span) (bool, string) {
			return isMethod(sp, s.Method), fmt.Sprintf("method is not %s (%s)", s.Method, methodText(sp))
		})
	}
	if s.Tool != "" {
		c.add(func(sp *Span) (bool, string) {
			return isTool(sp, s.Tool), fmt.Sprintf("tool is not %s (%s)", s.Tool, toolText(sp))
		})
	}
	for _, k := range slices.Sorted(maps.Keys(s.Attributes)) {
		t, err := compileAttr(k, s.Attributes[k])
		if err != nil {
			bad("%v", err)
			continue
		}
		c.add(func(sp *Span) (bool, string) { return t.test(sp) })
	}
	c.durations(s, bad)
	addEnum(c, bad, "status", s.Status, spanStatuses, func(sp *Span) SpanStatus { return sp.Status })
	if s.StatusMessage != "" {
		c.add(func(sp *Span) (bool, string) {
			return strings.Contains(sp.StatusMessage, s.StatusMessage), "status message is " + strconv.Quote(sp.StatusMessage)
		})
	}
	return c, joinErrs(errs)
}

// addEnum adds the test "field is want" for a kind or a status, want
// in any case and one of valid.
func addEnum[E ~string](c *compiled, bad func(string, ...any), field string, want E, valid []E, get func(*Span) E) {
	if want == "" {
		return
	}
	w := E(strings.ToLower(string(want)))
	if !slices.Contains(valid, w) {
		bad("%s %q: use one of %s", field, want, joinStrings(valid))
	}
	c.add(func(sp *Span) (bool, string) { return get(sp) == w, field + " is " + string(get(sp)) })
}

func (c *compiled) add(test func(s *Span) (bool, string)) {
	c.preds = append(c.preds, pred{test: test})
}

// durations adds the duration bounds.
func (c *compiled) durations(s SpanSelector, bad func(string, ...any)) {
	if s.MinDuration < 0 || s.MaxDuration < 0 {
		bad("minDuration and maxDuration must not be negative")
	}
	if s.MaxDuration > 0 && s.MinDuration > s.MaxDuration {
		bad("minDuration %s is above maxDuration %s", s.MinDuration, s.MaxDuration)
	}
	if s.MinDuration > 0 {
		c.add(func(sp *Span) (bool, string) {
			return sp.Duration >= s.MinDuration, fmt.Sprintf("took %s, under the minimum %s", sp.Duration, s.MinDuration)
		})
	}
	if s.MaxDuration > 0 {
		c.add(func(sp *Span) (bool, string) {
			return sp.Duration <= s.MaxDuration, fmt.Sprintf("took %s, over the maximum %s", sp.Duration, s.MaxDuration)
		})
	}
}

// counts reads the count fields: [min, max], max -1 for no bound.
func counts(s SpanSelector, top bool, bad func(string, ...any)) (int, int) {
	if !top {
		if s.Count != nil || s.MinCount != nil || s.MaxCount != nil {
			bad("count, minCount and maxCount have no meaning on a parent or ancestor selector")
		}
		return 1, -1
	}
	lo, hi := 1, -1
	switch {
	case s.Count != nil:
		if s.MinCount != nil || s.MaxCount != nil {
			bad("set count, or minCount/maxCount, not both")
		}
		lo, hi = *s.Count, *s.Count
	default:
		if s.MaxCount != nil {
			lo, hi = 0, *s.MaxCount
		}
		if s.MinCount != nil {
			lo = *s.MinCount
		}
	}
	if lo < 0 || hi < -1 || (s.MaxCount != nil && *s.MaxCount < 0) {
		bad("counts must not be negative")
	} else if hi >= 0 && lo > hi {
		bad("minCount %d is above maxCount %d", lo, hi)
	}
	return lo, hi
}

func methodText(s *Span) string {
	if v, ok := s.Attributes[AttrMCPMethodName]; ok {
		return AttrMCPMethodName + " is " + describeValue(v)
	}
	return "no " + AttrMCPMethodName + ", name " + strconv.Quote(s.Name)
}

func toolText(s *Span) string {
	for _, k := range toolAttrs {
		if v, ok := s.Attributes[k]; ok {
			return k + " is " + describeValue(v)
		}
	}
	return "no " + AttrGenAIToolName + ", name " + strconv.Quote(s.Name)
}

func joinStrings[S ~string](vals []S) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
