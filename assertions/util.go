package assertions

import (
	"errors"
	"strings"
)

func joinErrs(errs []error) error { return errors.Join(errs...) }

func upper(s string) string { return strings.ToUpper(s) }
