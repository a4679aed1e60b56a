package assertions

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LogsNeverContain is the redaction check: no line matching Selector in
// the window from Since to Until (zero: now) contains any of Values — the
// secrets the scenario sent — anywhere, as is or JSON-escaped. It waits
// Within for lines to arrive, then counts once. Messages, the query shown
// and errors name a secret by its number and a mask, never in full.
//
// A window with no line at all fails unless AllowEmpty: a pipeline that
// delivers nothing contains no secret either, and that is not a pass.
// With Loki the line filter reads the log line, not structured metadata.
type LogsNeverContain struct {
	Values     []string      `json:"values"`
	Selector   LogSelector   `json:"selector"`
	Since      time.Time     `json:"since"`
	Until      time.Time     `json:"until"`
	Within     time.Duration `json:"within"`
	AllowEmpty bool          `json:"allowEmpty"`
}

var _ Expectation = LogsNeverContain{}

func (LogsNeverContain) Kind() string { return "logsNeverContain" }

// String names how many secrets, never what they are.
func (e LogsNeverContain) String() string {
	return fmt.Sprintf("logsNeverContain(%s in %s)", plural(int64(len(e.Values)), "secret"), e.Selector)
}

// SecretFound is one secret that a line contains: its position in
// Values, its mask and how many lines have it. Result.Details is the
// list of them.
type SecretFound struct {
	Index  int    `json:"index"`
	Masked string `json:"masked"`
	Lines  int64  `json:"lines"`
}

// Evaluate waits Within, then counts each secret's lines once.
func (e LogsNeverContain) Evaluate(ctx context.Context, b *Backends) Result {
	r, q, err := logsStart(e, b, e.Selector, e.Since, e.Until, e.Within)
	if err == nil {
		for i, v := range e.Values {
			if v == "" {
				err = fmt.Errorf("%w: logsNeverContain: values[%d] is empty (every line contains it)", ErrBadExpectation, i)
			}
		}
		if len(e.Values) == 0 {
			err = fmt.Errorf("%w: logsNeverContain needs at least one value (the secrets the scenario sent)", ErrBadExpectation)
		}
	}
	if err != nil {
		return errorResult(e, err)
	}
	select {
	case <-ctx.Done():
		r.fail(Error, observation{}, fmt.Sprintf("could not evaluate: stopped while waiting %s for lines to arrive", e.Within))
		return r
	case <-time.After(e.Within):
	}
	containing := func(q LogQuery, v string) LogQuery { q.Containing = v; return q }
	q = fixedEnd(q)
	counts, lines, _, err := countEach(ctx, b.Logs, q, e.Values, containing)
	r.Polls, r.Query = 1, shownQueries(b.Logs, q, containing, e.Values)
	if err != nil {
		err = maskErr(err, e.Values)
		r.fail(Error, observation{err: err}, "could not evaluate: "+err.Error())
		return r
	}
	var found []SecretFound
	var total int64
	for i, n := range counts {
		if n > 0 {
			found = append(found, SecretFound{Index: i, Masked: maskSecret(e.Values[i]), Lines: n})
			total += n
		}
	}
	r.Details = found
	o := observation{last: total}
	switch {
	case len(found) > 0:
		parts := make([]string, len(found))
		for i, f := range found {
			parts[i] = fmt.Sprintf("secret #%d (%s) is in %s", f.Index+1, f.Masked, plural(f.Lines, "line"))
		}
		r.fail(Fail, o, fmt.Sprintf("not redacted: %s (of %s matched)", strings.Join(parts, "; "), plural(lines, "line")))
	case lines == 0 && !e.AllowEmpty:
		r.fail(Fail, o, "no line matched the selector in the window, so nothing shows the secrets were kept out (are the logs arriving? set allowEmpty to accept an empty window)")
	default:
		r.settle(observation{last: total, why: fmt.Sprintf("none of %s in %s", plural(int64(len(e.Values)), "secret"), plural(lines, "line"))})
	}
	return r
}

// shownQueries are the queries run, with the secrets masked: compiled
// again from the masks, never from the secrets.
func shownQueries(logs Logs, q LogQuery, containing func(LogQuery, string) LogQuery, values []string) string {
	var out []string
	for _, m := range maskAll(values) {
		if s, err := logs.Compile(containing(q, m)); err == nil {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}
