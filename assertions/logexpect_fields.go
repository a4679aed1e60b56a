package assertions

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LogsHaveFields expects every line matching Selector in the window from
// Since to Until (zero: now) to have every one of Fields, non-empty. It
// polls until at least one line matches (an empty window proves nothing)
// or Within passes, and judges the lines that poll counted: a line that
// lacks a field will not grow it, so it fails at once. Fail names each
// field and how many lines lack it; Result.Details is a FieldsReport.
type LogsHaveFields struct {
	Fields   []string      `json:"fields"`
	Selector LogSelector   `json:"selector"`
	Since    time.Time     `json:"since"`
	Until    time.Time     `json:"until"`
	Within   time.Duration `json:"within"`
}

var _ Expectation = LogsHaveFields{}

func (LogsHaveFields) Kind() string { return "logsHaveFields" }

func (e LogsHaveFields) String() string {
	return fmt.Sprintf("logsHaveFields([%s] in %s)", strings.Join(e.Fields, ", "), e.Selector)
}

// FieldsReport is logsHaveFields's count: the lines matched and, per
// field, how many of them lack it.
type FieldsReport struct {
	Lines   int64            `json:"lines"`
	Missing map[string]int64 `json:"missing"`
}

// Evaluate counts the lines and those missing each field.
func (e LogsHaveFields) Evaluate(ctx context.Context, b *Backends) Result {
	r, q, err := logsStart(e, b, e.Selector, e.Since, e.Until, e.Within)
	var fields []string
	if err == nil {
		fields, err = uniqueValues(e.Kind(), "fields", e.Fields)
	}
	if err != nil {
		return errorResult(e, err)
	}
	var last FieldsReport
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		missing, lines, queries, err := countEach(ctx, b.Logs, q, fields, func(q LogQuery, f string) LogQuery { q.Missing = f; return q })
		o := observation{query: strings.Join(queries, "; "), err: err}
		if err != nil {
			o.why = err.Error()
			return o
		}
		last = FieldsReport{Lines: lines, Missing: map[string]int64{}}
		for i, f := range fields {
			last.Missing[f] = missing[i]
		}
		// Decided once any line is there: pass or fail, below.
		o.held, o.last = lines > 0, last.Missing
		o.why = "no line matched the selector yet"
		return o
	})
	if r.Status != Pass {
		return r
	}
	r.Details = last
	var lacking []string
	for _, f := range fields {
		if n := last.Missing[f]; n > 0 {
			lacking = append(lacking, fmt.Sprintf("field %s is missing or empty in %d of %s", f, n, plural(last.Lines, "line")))
		}
	}
	if len(lacking) > 0 {
		r.HeldAt = time.Time{}
		r.fail(Fail, observation{last: last.Missing}, strings.Join(lacking, "; "))
		return r
	}
	r.Why = fmt.Sprintf("every line has %s (%s matched)", strings.Join(fields, ", "), plural(last.Lines, "line"))
	return r
}
