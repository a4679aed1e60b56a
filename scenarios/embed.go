package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed *.js
var files embed.FS

// Names lists the bundled scenario files.
func Names() ([]string, error) {
	return fs.Glob(files, "*.js")
}

// WriteTo copies the bundled scenario name into dir and returns its path,
// so the demo runs the same scripts from an installed binary as from a
// source checkout.
func WriteTo(dir, name string) (string, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("scenario %q is not bundled: %w", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("scenario dir: %w", err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return "", fmt.Errorf("write scenario %s: %w", p, err)
	}
	return p, nil
}
