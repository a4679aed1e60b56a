package assertions

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// LogSelector says which log lines an expectation is about. Its
// structured parts all must hold (AND) and compile to either backend's
// language; Query is a raw query in the backend's own language instead,
// used as is.
type LogSelector struct {
	// Service is the service whose lines these are: the field Service
	// Field names (VictoriaLogs; default "service", which the embedded
	// stack's shipper sets; OTLP ingestion also has "service.name") or the
	// stream label it names (Loki; default "service_name", the label Loki
	// derives from OTLP service.name and from service/app labels).
	Service      string `json:"service"`
	ServiceField string `json:"serviceField"`
	// Level is the line's level, compared case-insensitively (INFO and
	// info are one level), in the field LevelField names (default
	// "level").
	Level      string `json:"level"`
	LevelField string `json:"levelField"`
	// Fields must equal, Contains must be substrings of, and Regex must
	// match (RE2, unanchored: anywhere in the value) the named fields.
	// Loki reads fields with `| json`, which joins nested keys and
	// replaces characters a label cannot have with "_": arguments.token
	// becomes arguments_token there.
	Fields   map[string]string `json:"fields"`
	Contains map[string]string `json:"contains"`
	Regex    map[string]string `json:"regex"`
	// Message must be a substring of the message (VictoriaLogs _msg; in
	// Loki, of the whole line).
	Message string `json:"message"`
	// Query is a raw query — LogsQL for VictoriaLogs, a LogQL log query
	// ({...} with its pipeline) for Loki — that selects lines. mcpchaos
	// adds the count itself, so it must not aggregate (no LogsQL stats
	// pipe, no LogQL metric query). It excludes the structured parts.
	Query string `json:"query"`
}

// Default fields of the structured selector.
const (
	defaultServiceField     = "service"
	defaultLokiServiceLabel = "service_name"
	defaultLevelField       = "level"
)

// structured reports whether any structured part is set.
func (s LogSelector) structured() bool {
	return s.Service != "" || s.Level != "" || s.Message != "" || len(s.Fields)+len(s.Contains)+len(s.Regex) > 0
}

// validate reports everything wrong with s at once.
func (s LogSelector) validate() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: selector: "+format, append([]any{ErrBadExpectation}, a...)...))
	}
	if s.Query != "" && s.structured() {
		bad("set either query (a raw query) or the structured parts (service, level, fields, contains, regex, message), not both")
	}
	if strings.TrimSpace(s.Query) == "" && s.Query != "" {
		bad("query is blank")
	}
	for _, m := range []struct {
		name string
		m    map[string]string
	}{{"fields", s.Fields}, {"contains", s.Contains}, {"regex", s.Regex}} {
		for _, k := range sortedKeys(m.m) {
			if strings.TrimSpace(k) == "" {
				bad("%s has an empty field name", m.name)
			}
			if m.name == "contains" && m.m[k] == "" {
				bad("contains.%s is empty (every value contains it); use fields.%s for an exact value", k, k)
			}
			if m.name == "regex" {
				if _, err := regexp.Compile(m.m[k]); err != nil {
					bad("regex.%s %q does not compile (RE2 syntax): %v", k, m.m[k], err)
				}
			}
		}
	}
	return joinErrs(errs)
}

// String is the selector in a compact, backend-neutral form.
func (s LogSelector) String() string {
	if s.Query != "" {
		return "query " + strconv.Quote(s.Query)
	}
	var parts []string
	add := func(k, op, v string) { parts = append(parts, k+op+strconv.Quote(v)) }
	if s.Service != "" {
		add("service", "=", s.Service)
	}
	if s.Level != "" {
		add("level", "=", s.Level)
	}
	for _, k := range sortedKeys(s.Fields) {
		add(k, "=", s.Fields[k])
	}
	for _, k := range sortedKeys(s.Contains) {
		add(k, "~contains ", s.Contains[k])
	}
	for _, k := range sortedKeys(s.Regex) {
		add(k, "=~", s.Regex[k])
	}
	if s.Message != "" {
		add("message", "~contains ", s.Message)
	}
	if len(parts) == 0 {
		return "{all lines}"
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// sortedKeys are m's keys in order, so compiled queries are stable.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// eachChunk runs ask on each chunk in turn and returns the first query
// it ran, marked "(1 of N chunks)" when there are more.
func eachChunk(parts [][]string, ask func([]string) (string, error)) (string, error) {
	var first string
	for i, c := range parts {
		query, err := ask(c)
		if i == 0 {
			first = query
			if len(parts) > 1 {
				first += fmt.Sprintf(" (1 of %d chunks)", len(parts))
			}
		}
		if err != nil {
			return first, err
		}
	}
	return first, nil
}

// chunks splits values into runs of at most n values whose sizes add
// up to at most budget bytes (a value bigger than budget alone gets a
// run of its own, and the backend says whether it fits).
func chunks(values []string, n, budget int, size func(string) int) [][]string {
	var (
		out  [][]string
		cur  []string
		used int
	)
	for _, v := range values {
		s := size(v)
		if len(cur) > 0 && (len(cur) == n || used+s > budget) {
			out = append(out, cur)
			cur, used = nil, 0
		}
		cur = append(cur, v)
		used += s
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// jsonEscaped is s as it appears inside a JSON string (without the
// quotes): how a secret looks in a line kept as raw JSON.
func jsonEscaped(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return s
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}
