// Package duration is the one reading of a duration that mcpchaos takes
// from users, in k6's rules: a number is milliseconds; a string is Go's
// duration syntax ("1m30s", "500ms") plus a leading day unit ("1d",
// "1d12h"), and a string of digits alone is milliseconds too ("1500").
// Negative values, NaN, infinities and anything else are errors that name
// the value and say what to write.
//
// Parse reads strings (flags, JSON strings), FromAny reads values exported
// from JavaScript (sobek exports integers as int64 and other numbers as
// float64), and Duration is a time.Duration that JSON-encodes as "30s" and
// reads either form back.
package duration
