package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// redacted replaces the value of every secret-looking key.
const redacted = "[REDACTED]"

// secretKeys are the key fragments that make an argument secret,
// matched case-insensitively anywhere in the key ("X-Api-Key",
// "db_password", "Authorization").
const secretKeys = "token password passwd secret api_key apikey api-key authorization credential cookie private_key"

// openLog appends JSON lines to path: time (RFC 3339), level in lower
// case (debug, info, warn, error), msg, then the record's fields.
func openLog(path string) (*slog.Logger, func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, fmt.Errorf("altserver: log file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("altserver: log file: %w", err)
	}
	h := slog.NewJSONHandler(f, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.LevelKey {
				a.Value = slog.StringValue(strings.ToLower(a.Value.String()))
			}
			return a
		},
	})
	return slog.New(h), func() { _ = f.Close() }, nil
}

// redact returns a copy of v, a decoded JSON value, with the value of
// every secret-looking key replaced at any depth of objects and arrays.
func redact(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			if secretKey(k) {
				out[k] = redacted
				continue
			}
			out[k] = redact(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = redact(val)
		}
		return out
	}
	return v
}

// secretKey reports whether an argument named k holds a secret.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range strings.Fields(secretKeys) {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}
