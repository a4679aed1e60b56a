package assertions

import (
	"errors"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maskSecret shows a secret without giving it away: its first two
// characters when it has at least eight (fewer would give away too
// much of it), and its length.
func maskSecret(v string) string {
	n := utf8.RuneCountInString(v)
	head := ""
	if n >= 8 {
		r := []rune(v)
		head = string(r[:2])
	}
	return head + "…(" + strconv.Itoa(n) + " chars)"
}

// maskAll is values masked, for compiling the query that is shown.
func maskAll(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = maskSecret(v)
	}
	return out
}

// secretForms are the ways a secret can appear in a query, a URL or a
// backend's error text: as is, regex-quoted, JSON-escaped, inside a Go
// string literal, URL-encoded.
func secretForms(v string) []string {
	var forms []string
	for _, b := range []string{v, regexp.QuoteMeta(v), jsonEscaped(v), regexp.QuoteMeta(jsonEscaped(v))} {
		q := strconv.Quote(b)
		for _, s := range []string{b, q[1 : len(q)-1]} {
			forms = append(forms, s, url.QueryEscape(s))
		}
	}
	return forms
}

// maskText replaces every form of every secret in s with its mask, in
// one pass (a mask is never searched again), longest form first so a
// form that contains another is replaced whole.
func maskText(s string, values []string) string {
	type pair struct{ form, mask string }
	var pairs []pair
	seen := map[string]bool{}
	for _, v := range values {
		m := maskSecret(v)
		for _, f := range secretForms(v) {
			if f != "" && !seen[f] {
				seen[f] = true
				pairs = append(pairs, pair{f, m})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].form) > len(pairs[j].form) })
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.form, p.mask)
	}
	return strings.NewReplacer(args...).Replace(s)
}

// maskedError is an error whose text has the secrets masked; it still
// unwraps to the original for errors.Is.
type maskedError struct {
	msg string
	err error
}

func (e *maskedError) Error() string { return e.msg }
func (e *maskedError) Unwrap() error { return e.err }

// maskErr masks the secrets in err's text, keeping an *APIError an
// *APIError (so it stays retryable or not).
func maskErr(err error, values []string) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) {
		c := *ae
		c.URL, c.Msg = maskText(c.URL, values), maskText(c.Msg, values)
		if c.Err != nil {
			c.Err = &maskedError{msg: maskText(c.Err.Error(), values), err: c.Err}
		}
		return &c
	}
	return &maskedError{msg: maskText(err.Error(), values), err: err}
}
