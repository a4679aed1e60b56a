package assertions

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// epLokiQuery is Loki's instant query endpoint: a LogQL metric query
// evaluated at one time, answered as a Prometheus-style vector.
const epLokiQuery = "/loki/api/v1/query"

// A grouped count asks for at most lokiChunk values, in at most
// lokiChunkBytes of URL: Loki's documented query API is GET, so the
// values ride in the URL, which proxies commonly cap at 8 KB; 100 values
// keep the series it returns under Loki's default max_query_series (500).
const (
	lokiChunk      = 100
	lokiChunkBytes = 6000
)

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

// expr compiles q's selector and extra filters to a LogQL log query.
func (l *Loki) expr(q LogQuery) (logqlExpr, error) {
	e, err := logqlQuery(q.Selector)
	if err != nil {
		return e, err
	}
	if q.Missing != "" {
		// A label filter for "" matches a label that is absent too.
		e = e.withLabel(logqlLabel(q.Missing) + `=""`)
	}
	if q.Containing != "" {
		// A line filter reads the log line only: a value kept only in
		// structured metadata is not seen.
		e = e.withLine(logqlContains(q.Containing))
	}
	return e, nil
}

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

// Compile is sum(count_over_time(<log query> [range])).
func (l *Loki) Compile(q LogQuery) (string, error) {
	e, err := l.expr(q)
	if err != nil {
		return "", err
	}
	query, _ := l.render(e, "", q)
	return query, nil
}

// Count runs Compile's query: one series, or none for 0 lines.
func (l *Loki) Count(ctx context.Context, q LogQuery) (int64, string, error) {
	e, err := l.expr(q)
	if err != nil {
		return 0, "", err
	}
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

// CountByValue runs sum by (field) (count_over_time(<log query> | json |
// field=~"v1|v2|..." [range])) per chunk of values. The field is read as
// a label: parsed from a JSON line, or structured metadata, or a stream
// label.
func (l *Loki) CountByValue(ctx context.Context, q LogQuery, field string, values []string) (map[string]ValueCount, string, error) {
	e, err := l.expr(q)
	if err != nil {
		return nil, "", err
	}
	label := logqlLabel(field)
	out := make(map[string]ValueCount, len(values))
	parts := chunks(values, lokiChunk, lokiChunkBytes, func(v string) int { return len(url.QueryEscape(regexp.QuoteMeta(v))) + 3 })
	first, err := eachChunk(parts, func(c []string) (string, error) {
		query, rows, err := l.instant(ctx, e.withLabel(logqlIn(label, c)), label, q)
		if err != nil {
			return query, err
		}
		for _, r := range rows {
			n, err := lineCount(l.ep, epLokiQuery, r.value)
			if err != nil {
				return query, err
			}
			val := r.labels[label]
			out[val] = ValueCount{Lines: out[val].Lines + n}
		}
		return query, nil
	})
	if err != nil {
		return nil, first, err
	}
	return out, first, nil
}
