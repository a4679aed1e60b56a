package thresholds

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// ParseKey splits a thresholds key such as `http_req_duration{status:200}`
// or `checks{ kind: "assertion" }` into the metric name and its tag filter
// (nil when there is none). Values may be quoted with " or ' to hold
// commas, colons or braces.
func ParseKey(key string) (string, *metrics.TagSet, error) {
	open := strings.IndexByte(key, '{')
	if open < 0 {
		name := strings.TrimSpace(key)
		if name == "" {
			return "", nil, errors.New("empty metric name")
		}
		return name, nil, nil
	}
	name := strings.TrimSpace(key[:open])
	if name == "" {
		return "", nil, errors.New("missing metric name before '{'")
	}
	rest := strings.TrimSpace(key[open+1:])
	if !strings.HasSuffix(rest, "}") {
		return "", nil, errors.New("tag filter must end with '}', e.g. metric{tag:value}")
	}
	tags, err := parseTagFilter(rest[:len(rest)-1])
	if err != nil {
		return "", nil, err
	}
	if len(tags) == 0 {
		return name, nil, nil
	}
	return name, metrics.NewTagSet(tags), nil
}

// parseTagFilter reads `name:value, name:"value"` pairs.
func parseTagFilter(s string) (map[string]string, error) {
	tags := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		colon := strings.IndexByte(s, ':')
		if colon < 0 {
			return nil, fmt.Errorf("tag filter %q needs the form name:value", s)
		}
		name := unquote(strings.TrimSpace(s[:colon]))
		if name == "" || strings.ContainsAny(name, ",{}") {
			return nil, fmt.Errorf("invalid tag name %q in filter: use name:value pairs separated by commas", s[:colon])
		}
		value, rest, err := tagValue(strings.TrimSpace(s[colon+1:]))
		if err != nil {
			return nil, fmt.Errorf("tag %q: %w", name, err)
		}
		if _, dup := tags[name]; dup {
			return nil, fmt.Errorf("tag %q appears twice in the filter", name)
		}
		tags[name] = value
		s = rest
	}
	return tags, nil
}

// tagValue reads one value (quoted or up to the next comma) and returns
// what follows the separating comma.
func tagValue(s string) (value, rest string, err error) {
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", fmt.Errorf("unterminated quote in %q", s)
		}
		value, rest = s[1:end+1], strings.TrimSpace(s[end+2:])
		if rest != "" && rest[0] != ',' {
			return "", "", fmt.Errorf("expected ',' after quoted value, found %q", rest)
		}
		return value, strings.TrimPrefix(rest, ","), nil
	}
	value, rest, _ = strings.Cut(s, ",")
	value = strings.TrimSpace(value)
	if strings.ContainsAny(value, "{}") {
		return "", "", fmt.Errorf("value %q contains a brace: quote it", value)
	}
	return value, rest, nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
