package duration

import "errors"

// ErrInvalid is what every parse failure wraps.
var ErrInvalid = errors.New("invalid duration")
