package executor

import "github.com/mcpchaos/mcpchaos/internal/duration"

// Duration is a k6 duration option: a string such as "1m30s", "500ms" or
// "1d", or a number of milliseconds (internal/duration's rules).
type Duration = duration.Duration
