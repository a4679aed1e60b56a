package probe

import (
	"fmt"
	"log/slog"
	"strings"
)

// redacted is what a Secret prints as.
const redacted = "<secret>"

// Secret is a string that never prints: fmt, slog, YAML and JSON all see
// "<secret>". Use Reveal to get the value where it is needed on the wire.
type Secret string

// Reveal returns the secret value.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// Format implements fmt.Formatter so that every verb (%v, %+v, %#v, %q, %x…)
// prints the redacted form.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalYAML implements yaml.Marshaler.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalJSON implements json.Marshaler.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// redactor scrubs known secret values from text that may have come from
// the peer (an error body echoing a header, say) before it is logged,
// exported or returned. Values shorter than minRedactLen are left alone:
// scrubbing them would garble every message and hide little.
type redactor []string

const minRedactLen = 4

func (r redactor) redact(s string) string {
	for _, secret := range r {
		if len(secret) >= minRedactLen {
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	return s
}
