package assertions

import (
	"context"
	"fmt"
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

// vlChunk is how many values one grouped count asks for. The query goes
// in a POST form body, so no URL limit applies; the chunk bounds one
// query's size and answer.
const vlChunk = 1000

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

// named reads the stats results by name (the ungrouped ones).
func (v *VictoriaLogs) named(rows []statsRow) (map[string]int64, error) {
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		n, err := lineCount(v.ep, epLogsQLStats, r.value)
		if err != nil {
			return nil, err
		}
		out[r.labels["__name__"]] = n
	}
	return out, nil
}

// countNamed runs query and reads its named counts: n and each of
// names must be there (a count left out is not a zero).
func (v *VictoriaLogs) countNamed(ctx context.Context, query string, q LogQuery, names ...string) (map[string]int64, error) {
	rows, err := v.stats(ctx, query, q)
	if err != nil {
		return nil, err
	}
	m, err := v.named(rows)
	if err != nil {
		return nil, err
	}
	for _, name := range append([]string{"n"}, names...) {
		if _, ok := m[name]; !ok {
			return nil, &APIError{Backend: v.ep.backend, Type: ErrBadResponse, URL: v.ep.url(epLogsQLStats, nil), Msg: fmt.Sprintf("the answer has no count named %s", name)}
		}
	}
	return m, nil
}

// statNames are the names name0, name1, ... of n per-item counts.
func statNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// Count runs `<selector> | stats count() n`.
func (v *VictoriaLogs) Count(ctx context.Context, q LogQuery) (int64, string, error) {
	base, _, err := logsqlQuery(q.Selector)
	if err != nil {
		return 0, "", err
	}
	query := base + logsqlStatsCount()
	m, err := v.countNamed(ctx, query, q)
	if err != nil {
		return 0, query, err
	}
	return m["n"], query, nil
}

// CountByValue runs `<selector> field:in(...) | stats by (field) count()
// n, min(_time) first` per chunk of values.
func (v *VictoriaLogs) CountByValue(ctx context.Context, q LogQuery, field string, values []string) (map[string]ValueCount, string, error) {
	base, raw, err := logsqlQuery(q.Selector)
	if err != nil {
		return nil, "", err
	}
	out := make(map[string]ValueCount, len(values))
	var first string
	parts := chunks(values, vlChunk)
	for i, c := range parts {
		query := logsqlAnd(base, raw, logsqlIn(field, c)) + " | stats by (" + logsqlField(field) + ") count() n, min(_time) first"
		if i == 0 {
			first = query
			if len(parts) > 1 {
				first += fmt.Sprintf(" (1 of %d chunks)", len(parts))
			}
		}
		rows, err := v.stats(ctx, query, q)
		if err != nil {
			return nil, first, err
		}
		if err := v.byValue(rows, field, out); err != nil {
			return nil, first, err
		}
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

// CountMissing runs `<selector> | stats count() n, count() if
// ("f":"") m0, ...`: LogsQL's empty-value filter matches a missing field
// too (VictoriaLogs does not store empty values).
func (v *VictoriaLogs) CountMissing(ctx context.Context, q LogQuery, fields []string) (FieldCounts, error) {
	base, _, err := logsqlQuery(q.Selector)
	if err != nil {
		return FieldCounts{}, err
	}
	names := statNames("m", len(fields))
	extra := make([]string, len(fields))
	for i, f := range fields {
		extra[i] = fmt.Sprintf(`count() if (%s:"") %s`, logsqlField(f), names[i])
	}
	fc := FieldCounts{Query: base + logsqlStatsCount(extra...), Missing: map[string]int64{}}
	m, err := v.countNamed(ctx, fc.Query, q, names...)
	if err != nil {
		return fc, err
	}
	fc.Lines = m["n"]
	for i, f := range fields {
		fc.Missing[f] = m[names[i]]
	}
	return fc, nil
}

// CountContaining runs `<selector> | stats count() n, count() if
// (*:*"v"*) c0, ...`: the substring filter over every field.
func (v *VictoriaLogs) CountContaining(ctx context.Context, q LogQuery, values []string) (ContainCounts, error) {
	base, _, err := logsqlQuery(q.Selector)
	if err != nil {
		return ContainCounts{}, err
	}
	names := statNames("c", len(values))
	compile := func(vals []string) string {
		extra := make([]string, len(vals))
		for i, s := range vals {
			extra[i] = fmt.Sprintf("count() if (%s) %s", logsqlAnywhere(s), names[i])
		}
		return base + logsqlStatsCount(extra...)
	}
	cc := ContainCounts{Query: compile(maskAll(values))}
	m, err := v.countNamed(ctx, compile(values), q, names...)
	if err != nil {
		return cc, maskErr(err, values)
	}
	cc.Lines = m["n"]
	cc.Found = make([]int64, len(values))
	for i := range values {
		cc.Found[i] = m[names[i]]
	}
	return cc, nil
}

// String names the driver and its URL.
func (v *VictoriaLogs) String() string {
	return "victorialogs at " + strings.TrimRight(v.ep.base.String(), "/")
}
