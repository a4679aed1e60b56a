package duration

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"time"
)

// Duration is a time.Duration read by this package's rules. It encodes as
// a Go duration string ("1m30s") in JSON and text, and decodes a string or
// (in JSON) a number of milliseconds.
type Duration time.Duration

var (
	_ json.Marshaler           = Duration(0)
	_ json.Unmarshaler         = (*Duration)(nil)
	_ encoding.TextMarshaler   = Duration(0)
	_ encoding.TextUnmarshaler = (*Duration)(nil)
)

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String renders the duration as Go does ("1m30s").
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes the duration as a string such as "30s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a duration string or a number of milliseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		return d.set(Parse(s))
	}
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return fmt.Errorf("%w %s: %s", ErrInvalid, b, hint)
	}
	return d.set(fromMillis(ms, string(b)))
}

// MarshalText writes the duration as a string such as "30s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what Parse reads (YAML scalars and flag.TextVar use
// it).
func (d *Duration) UnmarshalText(b []byte) error { return d.set(Parse(string(b))) }

func (d *Duration) set(v time.Duration, err error) error {
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
