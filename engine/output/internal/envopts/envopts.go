// Package envopts reads an output's K6_* settings from the environment the
// CLI hands over (a map: outputs never read the process environment
// themselves). Each getter records a bad value as an error naming the
// variable and what to write; Err reports them all at once, with any
// variable of the output's prefix that no getter asked for (a typo).
package envopts

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// Env reads the variables of one output.
type Env struct {
	vars     map[string]string
	prefix   string
	known    []string
	prefixes []string
	errs     []error
}

// New reads vars (nil is empty) for the output whose variables start with
// prefix, e.g. "K6_PROMETHEUS_RW_".
func New(vars map[string]string, prefix string) *Env {
	return &Env{vars: vars, prefix: prefix}
}

func (e *Env) lookup(name string) (string, bool) {
	e.known = append(e.known, name)
	v, ok := e.vars[name]
	return v, ok
}

func (e *Env) fail(format string, args ...any) {
	e.errs = append(e.errs, fmt.Errorf(format, args...))
}

// String is the variable's value, or def when unset.
func (e *Env) String(name, def string) string {
	if v, ok := e.lookup(name); ok {
		return v
	}
	return def
}

// Bool reads true/false (and Go's other spellings: 1, 0, t, f).
func (e *Env) Bool(name string, def bool) bool {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		e.fail("%s=%q: not a boolean; write true or false", name, v)
		return def
	}
	return b
}

// Duration reads a positive duration ("5s", or milliseconds).
func (e *Env) Duration(name string, def time.Duration) time.Duration {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	d, err := duration.Parse(v)
	if err == nil && d <= 0 {
		err = errors.New(`must be more than zero; give a duration like "5s"`)
	}
	if err != nil {
		e.fail("%s: %w", name, err)
		return def
	}
	return d
}

// List reads a comma-separated list; blank items are dropped.
func (e *Env) List(name string, def []string) []string {
	v, ok := e.lookup(name)
	if !ok {
		return def
	}
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// Pairs reads "k1<sep>v1,k2<sep>v2" (sep is "=" or ":"); an item without
// sep or with an empty key is an error showing the form.
func (e *Env) Pairs(name, sep string) map[string]string {
	items := e.List(name, nil)
	if items == nil {
		return nil
	}
	out := make(map[string]string, len(items))
	for _, item := range items {
		k, v, ok := strings.Cut(item, sep)
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			e.fail("%s: item %q: write key%svalue pairs separated by commas", name, item, sep)
			continue
		}
		out[k] = strings.TrimSpace(v)
	}
	return out
}

// WithPrefix returns the variables named prefix+KEY as KEY: value.
func (e *Env) WithPrefix(prefix string) map[string]string {
	e.prefixes = append(e.prefixes, prefix)
	out := map[string]string{}
	for k, v := range e.vars {
		if key, ok := strings.CutPrefix(k, prefix); ok && key != "" {
			out[key] = v
		}
	}
	return out
}

// Unsupported records an error if the variable is set (to anything but
// what off says is the default, e.g. "false"); why says what to use instead.
func (e *Env) Unsupported(name, off, why string) {
	v, ok := e.lookup(name)
	if ok && strings.TrimSpace(v) != off {
		e.fail("%s=%s is not supported by mcpchaos: %s", name, v, why)
	}
}

// Fail records an error about the settings found.
func (e *Env) Fail(err error) { e.errs = append(e.errs, err) }

// Err joins every error recorded and names each variable of the prefix
// that no getter asked for.
func (e *Env) Err() error {
	errs := slices.Clone(e.errs)
	var unknown []string
	for k := range e.vars {
		if !strings.HasPrefix(k, e.prefix) || slices.Contains(e.known, k) || e.hasPrefix(k) {
			continue
		}
		unknown = append(unknown, k)
	}
	slices.Sort(unknown)
	known := slices.Clone(e.known)
	slices.Sort(known)
	for _, k := range unknown {
		errs = append(errs, fmt.Errorf("%s is no setting of this output (a typo?); it reads %s", k, strings.Join(append(known, e.prefixesShown()...), ", ")))
	}
	return errors.Join(errs...)
}

func (e *Env) hasPrefix(k string) bool {
	for _, p := range e.prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

func (e *Env) prefixesShown() []string {
	out := make([]string, len(e.prefixes))
	for i, p := range e.prefixes {
		out[i] = p + "<KEY>"
	}
	return out
}
