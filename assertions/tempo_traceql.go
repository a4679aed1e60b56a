package assertions

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// traceQL compiles a search to one TraceQL spanset filter, so that, as
// in the Jaeger driver, one span must have every property:
//
//	{ resource.service.name = "mcp-server" && name = "tools/call search" && .gen_ai.tool.name = "search" && duration >= 10ms }
//
// A bare attribute key is unscoped (".k": span or resource); "span.k"
// and "resource.k" keep their scope. A value that reads as a number or
// a boolean matches that type or the string, since TraceQL compares
// typed values and the query's are text.
func traceQL(q TraceQuery) string {
	var conds []string
	if q.Service != "" {
		conds = append(conds, "resource.service.name = "+strconv.Quote(q.Service))
	}
	if q.SpanName != "" {
		conds = append(conds, "name = "+strconv.Quote(q.SpanName))
	}
	for _, k := range slices.Sorted(maps.Keys(q.Attributes)) {
		conds = append(conds, attrCond(k, q.Attributes[k]))
	}
	if q.MinDuration > 0 {
		conds = append(conds, "duration >= "+traceQLDuration(q.MinDuration))
	}
	if q.MaxDuration > 0 {
		conds = append(conds, "duration <= "+traceQLDuration(q.MaxDuration))
	}
	if len(conds) == 0 {
		return "{}"
	}
	return "{ " + strings.Join(conds, " && ") + " }"
}

// attrCond is one attribute's equality.
func attrCond(key, v string) string {
	ref := key
	if !strings.HasPrefix(key, "span.") && !strings.HasPrefix(key, "resource.") {
		ref = "." + key
	}
	if strings.ContainsAny(ref, " \t\"{}()&|=!<>~") {
		ref = scopeOf(ref) + strconv.Quote(strings.TrimPrefix(ref, scopeOf(ref)))
	}
	text := ref + " = " + strconv.Quote(v)
	typed := ""
	if _, err := strconv.ParseInt(v, 10, 64); err == nil {
		typed = v
	} else if f, err := strconv.ParseFloat(v, 64); err == nil {
		typed = strconv.FormatFloat(f, 'g', -1, 64)
	} else if v == "true" || v == "false" {
		typed = v
	}
	if typed == "" {
		return text
	}
	return fmt.Sprintf("(%s || %s = %s)", text, ref, typed)
}

// scopeOf is the scope prefix of an attribute reference.
func scopeOf(ref string) string {
	for _, p := range []string{"span.", "resource.", "."} {
		if strings.HasPrefix(ref, p) {
			return p
		}
	}
	return ""
}

// traceQLDuration writes d in units TraceQL's lexer reads: whole
// milliseconds, else nanoseconds.
func traceQLDuration(d time.Duration) string {
	if d%time.Millisecond == 0 {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return strconv.FormatInt(d.Nanoseconds(), 10) + "ns"
}
