package assertions

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// logsStart checks what every logs expectation shares — a logs backend,
// a valid selector, a window that ends after it starts, a non-negative
// deadline — and starts its Result and query window.
func logsStart(e Expectation, b *Backends, sel LogSelector, since, until time.Time, within time.Duration) (Result, LogQuery, error) {
	if err := need(b != nil && b.Logs != nil, "logs"); err != nil {
		return Result{}, LogQuery{}, err
	}
	errs := []error{sel.validate(), checkWindow(e.Kind(), since, until)}
	if within < 0 {
		errs = append(errs, fmt.Errorf("%w: %s: within %s is negative", ErrBadExpectation, e.Kind(), within))
	}
	if err := joinErrs(errs); err != nil {
		return Result{}, LogQuery{}, err
	}
	r := newResult(e, b.Logs.Kind(), since)
	return r, window(sel, since, until, r.Started), nil
}

// uniqueValues is values without repeats, sorted; an empty value is an
// error naming what (ids, values) and where.
func uniqueValues(kind, what string, values []string) ([]string, error) {
	if len(values) == 0 {
		return nil, fmt.Errorf("%w: %s needs at least one of %s", ErrBadExpectation, kind, what)
	}
	seen := make(map[string]bool, len(values))
	out := make([]string, 0, len(values))
	for i, v := range values {
		if v == "" {
			return nil, fmt.Errorf("%w: %s: %s[%d] is empty", ErrBadExpectation, kind, what, i)
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out, nil
}

// listCapped is the first max items, then how many more there are.
func listCapped(items []string, max int, more string) string {
	if len(items) <= max {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more (%s)", strings.Join(items[:max], ", "), len(items)-max, more)
}

// plural is "1 line" or "n lines".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// countEach counts q's lines for each item, with(q, item) adding the
// item's filter, and then all of q's lines. The window's end is fixed
// first so every count covers the same span, and the total comes last so
// that a line arriving meanwhile never makes a part bigger than the
// whole. queries are the queries run, the total's last.
func countEach(ctx context.Context, logs Logs, q LogQuery, items []string, with func(LogQuery, string) LogQuery) (each []int64, total int64, queries []string, err error) {
	q = fixedEnd(q)
	each = make([]int64, len(items))
	for i, it := range items {
		n, query, err := logs.Count(ctx, with(q, it))
		queries = append(queries, query)
		if err != nil {
			return nil, 0, queries, err
		}
		each[i] = n
	}
	total, query, err := logs.Count(ctx, q)
	return each, total, append(queries, query), err
}

// fixedEnd gives an open window (To zero) the end now.
func fixedEnd(q LogQuery) LogQuery {
	if q.To.IsZero() {
		q.To = time.Now()
	}
	return q
}
