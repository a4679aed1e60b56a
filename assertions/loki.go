package assertions

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// epLokiQuery is Loki's instant query endpoint: a LogQL metric query
// evaluated at one time, answered as a Prometheus-style vector.
const epLokiQuery = "/loki/api/v1/query"

// lokiChunk is how many values one grouped count asks for. Loki's
// documented query API is GET, so the values ride in the URL: 100 trace
// ids keep it near 4 KB, and the series it returns under Loki's default
// max_query_series (500).
const lokiChunk = 100

// Loki counts lines with LogQL metric queries: sum(count_over_time(<log
// query> [range])) evaluated at the window's end, the range reaching back
// to its start. Loki's instant range is (end-range, end], against the
// half-open [start, end) VictoriaLogs counts: the two differ only for a
// line stamped exactly at a bound. Loki's metric queries give no line
// timestamps, so ValueCount.First stays zero.
type Loki struct{ ep *endpoint }

var _ Logs = (*Loki)(nil)

// Kind is "loki".
func (*Loki) Kind() string { return kindLoki }

// render is the metric query counting e's lines over q's window (by
// a label, if by is set) and the time to evaluate it at.
func (l *Loki) render(e logqlExpr, by string, q LogQuery) (string, time.Time) {
	at := q.To
	if at.IsZero() {
		at = time.Now()
	}
	return logqlCount(e, at.Sub(q.From), by), at
}

// instant runs one metric query over q's window.
func (l *Loki) instant(ctx context.Context, e logqlExpr, by string, q LogQuery) (string, []statsRow, error) {
	query, at := l.render(e, by, q)
	params := url.Values{"query": {query}, "time": {strconv.FormatInt(at.UnixNano(), 10)}}
	b, err := l.ep.get(ctx, epLokiQuery, params)
	if err != nil {
		return query, nil, err
	}
	rows, err := decodeStats(l.ep, epLokiQuery, params, b)
	return query, rows, err
}

// total is the one value of an ungrouped count; no series means 0.
func (l *Loki) total(ctx context.Context, e logqlExpr, q LogQuery) (int64, string, error) {
	query, rows, err := l.instant(ctx, e, "", q)
	if err != nil {
		return 0, query, err
	}
	switch len(rows) {
	case 0:
		return 0, query, nil
	case 1:
		n, err := lineCount(l.ep, epLokiQuery, rows[0].value)
		return n, query, err
	}
	return 0, query, &APIError{Backend: l.ep.backend, Type: ErrBadResponse, URL: l.ep.url(epLokiQuery, nil), Msg: fmt.Sprintf("sum(...) gave %d series, want at most 1", len(rows))}
}

// Count runs sum(count_over_time(<selector> [range])).
func (l *Loki) Count(ctx context.Context, q LogQuery) (int64, string, error) {
	e, err := logqlQuery(q.Selector)
	if err != nil {
		return 0, "", err
	}
	return l.total(ctx, e, q)
}

// CountByValue runs sum by (field) (count_over_time(<selector> | json |
// field=~"v1|v2|..." [range])) per chunk of values. The field is read as
// a label: parsed from a JSON line, or structured metadata, or a stream
// label.
func (l *Loki) CountByValue(ctx context.Context, q LogQuery, field string, values []string) (map[string]ValueCount, string, error) {
	e, err := logqlQuery(q.Selector)
	if err != nil {
		return nil, "", err
	}
	label := logqlLabel(field)
	out := make(map[string]ValueCount, len(values))
	var first string
	parts := chunks(values, lokiChunk)
	for i, c := range parts {
		query, rows, err := l.instant(ctx, e.withLabel(logqlIn(label, c)), label, q)
		if i == 0 {
			first = query
			if len(parts) > 1 {
				first += fmt.Sprintf(" (1 of %d chunks)", len(parts))
			}
		}
		if err != nil {
			return nil, first, err
		}
		for _, r := range rows {
			n, err := lineCount(l.ep, epLokiQuery, r.value)
			if err != nil {
				return nil, first, err
			}
			val := r.labels[label]
			out[val] = ValueCount{Lines: out[val].Lines + n}
		}
	}
	return out, first, nil
}

// CountMissing counts the lines, then per field the lines where
// `| json | field=""` holds: a label filter for "" matches a label that
// is absent too.
func (l *Loki) CountMissing(ctx context.Context, q LogQuery, fields []string) (FieldCounts, error) {
	e, err := logqlQuery(q.Selector)
	if err != nil {
		return FieldCounts{}, err
	}
	fc := FieldCounts{Missing: map[string]int64{}}
	if fc.Lines, fc.Query, err = l.total(ctx, e, q); err != nil {
		return fc, err
	}
	var queries []string
	for _, f := range fields {
		n, query, err := l.total(ctx, e.withLabel(logqlLabel(f)+`=""`), q)
		queries = append(queries, query)
		if err != nil {
			fc.Query = strings.Join(queries, "; ")
			return fc, err
		}
		fc.Missing[f] = n
	}
	fc.Query += "; " + strings.Join(queries, "; ")
	return fc, nil
}

// CountContaining counts the lines, then per value the lines with a
// line filter for it (as is or JSON-escaped). A line filter reads the log
// line only: a secret stored only in structured metadata is not seen.
func (l *Loki) CountContaining(ctx context.Context, q LogQuery, values []string) (ContainCounts, error) {
	e, err := logqlQuery(q.Selector)
	if err != nil {
		return ContainCounts{}, err
	}
	cc := ContainCounts{Found: make([]int64, len(values))}
	masked := maskAll(values)
	var query string
	cc.Lines, query, err = l.total(ctx, e, q)
	shown := []string{query}
	cc.Query = query
	if err != nil {
		return cc, err
	}
	for i, v := range values {
		query, _ := l.render(e.withLine(logqlContains(masked[i])), "", q)
		shown = append(shown, query)
		n, _, err := l.total(ctx, e.withLine(logqlContains(v)), q)
		if err != nil {
			cc.Query = strings.Join(shown, "; ")
			return cc, maskErr(err, values)
		}
		cc.Found[i] = n
	}
	cc.Query = strings.Join(shown, "; ")
	return cc, nil
}
