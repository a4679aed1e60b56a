package assertions

import (
	"errors"
	"sort"
	"strings"
)

func joinErrs(errs []error) error { return errors.Join(errs...) }

func upper(s string) string { return strings.ToUpper(s) }

// keys are a set's members, sorted.
func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
