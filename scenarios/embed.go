package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed *.js lib/*.js
var files embed.FS

// Names lists the bundled scenario files (the scripts to run; lib/ holds
// what they import).
func Names() ([]string, error) {
	return fs.Glob(files, "*.js")
}

// WriteTo copies every bundled script (lib/ included, so imports
// resolve) into dir and returns the path of the scenario name, so the
// demo runs the same scripts from an installed binary as from a source
// checkout.
func WriteTo(dir, name string) (string, error) {
	if _, err := fs.Stat(files, name); err != nil {
		names, _ := Names()
		return "", fmt.Errorf("scenario %q is not bundled (bundled: %v)", name, names)
	}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		return "", fmt.Errorf("write scenarios to %s: %w", dir, err)
	}
	return filepath.Join(dir, name), nil
}
