package assertions

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// epLogsQLStats is VictoriaLogs's LogsQL stats endpoint: a query ending
// in `| stats ...`, answered as a Prometheus instant vector, one sample
// per stats result (and group).
const epLogsQLStats = "/select/logsql/stats_query"

// A grouped count asks for at most vlChunk values, in at most
// vlChunkBytes of quoted values: the query goes in a POST form body, so
// no URL limit applies, but VictoriaLogs refuses a query longer than
// -search.maxQueryLen (16384 bytes by default), and the rest of the
// query needs room too. 32-hex trace ids fit about 340 to a query.
const (
	vlChunk      = 1000
	vlChunkBytes = 12000
)

// VictoriaLogs counts lines with LogsQL stats queries. The window is the
// start and end arguments (end exclusive), so it applies to raw queries
// too.
type VictoriaLogs struct{ ep *endpoint }

var _ Logs = (*VictoriaLogs)(nil)

// Kind is "victorialogs".
func (*VictoriaLogs) Kind() string { return kindVictoriaLogs }

// stats runs one stats query over q's window.
func (v *VictoriaLogs) stats(ctx context.Context, query string, q LogQuery) ([]statsRow, error) {
	form := url.Values{"query": {query}, "start": {q.From.UTC().Format(time.RFC3339Nano)}}
	if !q.To.IsZero() {
		form.Set("end", q.To.UTC().Format(time.RFC3339Nano))
	}
	b, err := v.ep.do(ctx, http.MethodPost, epLogsQLStats, nil, []byte(form.Encode()), "application/x-www-form-urlencoded", false)
	if err != nil {
		return nil, err
	}
	return decodeStats(v.ep, epLogsQLStats, nil, b)
}

// filter compiles q's selector and extra filters to a LogsQL query
// without its stats pipe; raw says a raw query is at its start.
func (v *VictoriaLogs) filter(q LogQuery) (string, bool, error) {
	f, raw, err := logsqlQuery(q.Selector)
	if err != nil {
		return "", false, err
	}
	if q.Missing != "" {
		f = logsqlAnd(f, raw, logsqlField(q.Missing)+`:""`)
	}
	if q.Containing != "" {
		f = logsqlAnd(f, raw, logsqlAnywhere(q.Containing))
	}
	return f, raw, nil
}

// Compile is `<filters> | stats count() n`. The extra filters are
// filters of the query (or filter pipes), never stats `if` conditions:
// VictoriaLogs v1.52.1 was seen to miss lines ingested in the last second
// when a stats `if` needs every field (*:...), a count of 0 where there
// was a line.
func (v *VictoriaLogs) Compile(q LogQuery) (string, error) {
	f, _, err := v.filter(q)
	if err != nil {
		return "", err
	}
	return f + " | stats count() n", nil
}

// Count runs Compile's query and reads n.
func (v *VictoriaLogs) Count(ctx context.Context, q LogQuery) (int64, string, error) {
	query, err := v.Compile(q)
	if err != nil {
		return 0, "", err
	}
	rows, err := v.stats(ctx, query, q)
	if err != nil {
		return 0, query, err
	}
	for _, r := range rows {
		if r.labels["__name__"] == "n" {
			n, err := lineCount(v.ep, epLogsQLStats, r.value)
			return n, query, err
		}
	}
	// A stats count always answers, 0 included: a missing one is not 0.
	return 0, query, &APIError{Backend: v.ep.backend, Type: ErrBadResponse, URL: v.ep.url(epLogsQLStats, nil), Msg: "the answer has no count named n"}
}

// CountByValue runs `<selector> field:in(...) | stats by (field) count()
// n, min(_time) first` per chunk of values.
func (v *VictoriaLogs) CountByValue(ctx context.Context, q LogQuery, field string, values []string) (map[string]ValueCount, string, error) {
	base, raw, err := v.filter(q)
	if err != nil {
		return nil, "", err
	}
	out := make(map[string]ValueCount, len(values))
	parts := chunks(values, vlChunk, vlChunkBytes, func(v string) int { return len(strconv.Quote(v)) + 1 })
	first, err := eachChunk(parts, func(c []string) (string, error) {
		query := logsqlAnd(base, raw, logsqlIn(field, c)) + " | stats by (" + logsqlField(field) + ") count() n, min(_time) first"
		rows, err := v.stats(ctx, query, q)
		if err == nil {
			err = v.byValue(rows, field, out)
		}
		return query, err
	})
	if err != nil {
		return nil, first, err
	}
	return out, first, nil
}

// byValue adds grouped rows (n and first per value of field) to out.
func (v *VictoriaLogs) byValue(rows []statsRow, field string, out map[string]ValueCount) error {
	for _, r := range rows {
		val := r.labels[field]
		c := out[val]
		switch r.labels["__name__"] {
		case "n":
			n, err := lineCount(v.ep, epLogsQLStats, r.value)
			if err != nil {
				return err
			}
			c.Lines = n
		case "first":
			// A value it cannot read leaves First unknown, not wrong.
			if t, err := time.Parse(time.RFC3339Nano, r.value); err == nil {
				c.First = t
			}
		}
		out[val] = c
	}
	return nil
}

// String names the driver and its URL.
func (v *VictoriaLogs) String() string {
	return "victorialogs at " + strings.TrimRight(v.ep.base.String(), "/")
}
