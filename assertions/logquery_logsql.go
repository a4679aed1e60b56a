package assertions

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// LogsQL (VictoriaLogs) compilation. Every field name and value is a
// Go-quoted string literal: LogsQL reads "..." with strconv.Unquote, so
// quotes, backslashes, colons, spaces, * and OR inside a value stay part
// of the value and cannot end the literal or widen the filter.

// logsqlRowPipes are the LogsQL pipes a raw query may use: they filter
// lines or change fields, never turn lines into other rows. A pipe that
// aggregates (stats, uniq, top, ...) or cuts (limit, first, ...) would
// make "count the lines" count something else — a stats pipe already in
// the query makes the added count see one row even when no line matched.
var logsqlRowPipes = map[string]bool{
	"filter": true, "where": true, "fields": true, "keep": true, "delete": true, "del": true,
	"rm": true, "drop": true, "copy": true, "cp": true, "rename": true, "mv": true,
	"extract": true, "extract_regexp": true, "unpack_json": true, "unpack_logfmt": true,
	"unpack_syslog": true, "unpack_words": true, "format": true, "replace": true,
	"replace_regexp": true, "math": true, "eval": true, "len": true, "pack_json": true,
	"pack_logfmt": true, "decolorize": true, "drop_empty_fields": true, "time_add": true,
	"hash": true, "collapse_nums": true, "json_array_len": true,
}

// logsqlPipeName is a pipe's leading word.
var logsqlPipeName = regexp.MustCompile(`^\s*([A-Za-z_]+)`)

// logsqlQuery compiles sel to a LogsQL filter (no pipes) or returns the
// raw query once it is known to select lines only. raw says which.
func logsqlQuery(sel LogSelector) (q string, raw bool, err error) {
	if sel.Query != "" {
		return sel.Query, true, logsqlCheckRaw(sel.Query)
	}
	var f []string
	if sel.Service != "" {
		f = append(f, logsqlField(pick(sel.ServiceField, defaultServiceField))+":="+strconv.Quote(sel.Service))
	}
	if sel.Level != "" {
		f = append(f, logsqlField(pick(sel.LevelField, defaultLevelField))+":~"+strconv.Quote("(?i)^"+regexp.QuoteMeta(sel.Level)+"$"))
	}
	for _, k := range sortedKeys(sel.Fields) {
		f = append(f, logsqlField(k)+":="+strconv.Quote(sel.Fields[k]))
	}
	for _, k := range sortedKeys(sel.Contains) {
		f = append(f, logsqlField(k)+":"+logsqlSubstring(sel.Contains[k]))
	}
	for _, k := range sortedKeys(sel.Regex) {
		f = append(f, logsqlField(k)+":~"+strconv.Quote(sel.Regex[k]))
	}
	if sel.Message != "" {
		f = append(f, "_msg:"+logsqlSubstring(sel.Message))
	}
	if len(f) == 0 {
		return "*", false, nil
	}
	return strings.Join(f, " "), false, nil
}

// logsqlAnd adds filter to q: inside a structured filter it is one more
// term; after a raw query (which may end in pipes) it is a filter pipe.
func logsqlAnd(q string, raw bool, filter string) string {
	if raw {
		return q + " | filter " + filter
	}
	if q == "*" {
		return filter
	}
	return q + " " + filter
}

// logsqlField quotes a field name.
func logsqlField(name string) string {
	if name == "_msg" || name == "_time" || name == "_stream" {
		return name
	}
	return strconv.Quote(name)
}

// logsqlSubstring is LogsQL's substring filter for s: *"s"*.
func logsqlSubstring(s string) string { return "*" + strconv.Quote(s) + "*" }

// logsqlIn is field:in("a", "b", ...): exact values.
func logsqlIn(field string, values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return logsqlField(field) + ":in(" + strings.Join(q, ",") + ")"
}

// logsqlAnywhere matches lines with v as a substring of any field, as is
// or JSON-escaped (a line kept as raw JSON in _msg).
func logsqlAnywhere(v string) string {
	f := "*:" + logsqlSubstring(v)
	if esc := jsonEscaped(v); esc != v {
		f = "(" + f + " OR *:" + logsqlSubstring(esc) + ")"
	}
	return f
}

// logsqlCheckRaw rejects a raw query whose pipes do not keep lines as
// rows (see logsqlRowPipes).
func logsqlCheckRaw(q string) error {
	segs := splitPipes(q)
	for _, seg := range segs[1:] {
		m := logsqlPipeName.FindStringSubmatch(seg)
		if m == nil {
			continue // let VictoriaLogs say what is wrong with it
		}
		if name := strings.ToLower(m[1]); !logsqlRowPipes[name] {
			return fmt.Errorf("%w: selector query %q: the %q pipe does not select lines; mcpchaos counts the lines itself (it adds `| stats count()`), so give a query of filters and row-keeping pipes (filter, extract, unpack_json, fields, ...)", ErrBadExpectation, q, name)
		}
	}
	return nil
}

// splitPipes splits a LogsQL query at the | that are outside quotes and
// parentheses.
func splitPipes(q string) []string {
	var (
		segs  []string
		quote rune
		depth int
		start int
		esc   bool
	)
	for i, c := range q {
		switch {
		case esc:
			esc = false
		case quote != 0:
			if c == '\\' && quote != '`' {
				esc = true
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			segs = append(segs, q[start:i])
			start = i + 1
		}
	}
	return append(segs, q[start:])
}
