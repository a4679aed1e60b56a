package assertions

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// LogQL (Loki) compilation. Values are Go-quoted string literals (LogQL
// reads "..." with strconv.Unquote); label names, which cannot be quoted,
// are reduced to the characters a label may have, as Loki's json parser
// does. Substring and regex filters on fields become fully anchored
// label regexes around regexp.QuoteMeta'd text, so a value with regex
// characters matches only itself.

// logqlExpr is a LogQL log query under construction: the stream selector
// and line filters, then label filters after a `| json` stage.
type logqlExpr struct {
	base   string
	lines  []string
	labels []string
}

// logqlQuery compiles sel (or checks its raw query) to a logqlExpr.
func logqlQuery(sel LogSelector) (logqlExpr, error) {
	if sel.Query != "" {
		q := strings.TrimSpace(sel.Query)
		if !strings.HasPrefix(q, "{") {
			return logqlExpr{}, fmt.Errorf("%w: selector query %q: give a LogQL log query, which starts with a stream selector {...}; mcpchaos counts its lines itself (sum(count_over_time(...))), so it must not be a metric query", ErrBadExpectation, sel.Query)
		}
		return logqlExpr{base: q}, nil
	}
	label := logqlLabel(pick(sel.ServiceField, defaultLokiServiceLabel))
	e := logqlExpr{base: "{" + label + `=~".+"}`}
	if sel.Service != "" {
		e.base = "{" + label + "=" + strconv.Quote(sel.Service) + "}"
	}
	if sel.Message != "" {
		e.lines = append(e.lines, "|= "+strconv.Quote(sel.Message))
	}
	if sel.Level != "" {
		e.labels = append(e.labels, logqlLabel(pick(sel.LevelField, defaultLevelField))+"=~"+strconv.Quote("(?i)"+regexp.QuoteMeta(sel.Level)))
	}
	for _, k := range sortedKeys(sel.Fields) {
		e.labels = append(e.labels, logqlLabel(k)+"="+strconv.Quote(sel.Fields[k]))
	}
	for _, k := range sortedKeys(sel.Contains) {
		e.labels = append(e.labels, logqlLabel(k)+"=~"+strconv.Quote(logqlAnywhere(regexp.QuoteMeta(sel.Contains[k]))))
	}
	for _, k := range sortedKeys(sel.Regex) {
		e.labels = append(e.labels, logqlLabel(k)+"=~"+strconv.Quote(logqlAnywhere(sel.Regex[k])))
	}
	return e, nil
}

// withLabel returns e with one more label filter.
func (e logqlExpr) withLabel(f string) logqlExpr {
	e.labels = append(e.labels[:len(e.labels):len(e.labels)], f)
	return e
}

// withLine returns e with one more line filter.
func (e logqlExpr) withLine(f string) logqlExpr {
	e.lines = append(e.lines[:len(e.lines):len(e.lines)], f)
	return e
}

// String renders the log query. Label filters follow a `| json` stage
// (on a raw query too: a second parse adds nothing a filter reads).
func (e logqlExpr) String() string {
	var b strings.Builder
	b.WriteString(e.base)
	for _, l := range e.lines {
		b.WriteString(" " + l)
	}
	if len(e.labels) > 0 {
		b.WriteString(" | json")
		for _, l := range e.labels {
			b.WriteString(" | " + l)
		}
	}
	return b.String()
}

// logqlCount is the metric query counting e's lines over r: one series
// (or, with by, one per value of that label). The sum drops __error__,
// which a line `| json` cannot parse carries; such a line still counts.
func logqlCount(e logqlExpr, r time.Duration, by string) string {
	agg := "sum"
	if by != "" {
		agg = "sum by (" + by + ") "
	}
	return fmt.Sprintf("%s(count_over_time(%s [%s]))", agg, e, logqlRange(r))
}

// logqlRange is a LogQL range: whole milliseconds, rounded up so the
// window is covered, and at least 1ms.
func logqlRange(r time.Duration) string {
	ms := (r + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatInt(max(int64(ms), 1), 10) + "ms"
}

// logqlAnywhere anchors re to match anywhere in a label value (LogQL
// label regexes match the whole value).
func logqlAnywhere(re string) string { return "(?s:.*)(?:" + re + ")(?s:.*)" }

// logqlIn is the label filter for exact values.
func logqlIn(label string, values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = regexp.QuoteMeta(v)
	}
	return label + "=~" + strconv.Quote(strings.Join(q, "|"))
}

// logqlContains is the line filter for v as is or JSON-escaped.
func logqlContains(v string) string {
	if esc := jsonEscaped(v); esc != v {
		return "|~ " + strconv.Quote(regexp.QuoteMeta(v)+"|"+regexp.QuoteMeta(esc))
	}
	return "|= " + strconv.Quote(v)
}

// logqlLabel makes name a label name: characters other than letters,
// digits and _ become _, and a leading digit gets a _ in front.
func logqlLabel(name string) string {
	s := strings.Map(func(c rune) rune {
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return c
		}
		return '_'
	}, name)
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "_" + s
	}
	return s
}
