package install

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// wrapperFiles are the wrapper modules, built into the binary so that an
// installed mcpchaos builds Jaeger, Alertmanager and otelcol anywhere.
//
//go:embed wrappers
var wrapperFiles embed.FS

// wrapperSuffix ends the wrappers' go.mod and Go file names in the source
// tree: as go.mod they would be nested modules, which go:embed refuses,
// and as .go files part of this module, which lacks their dependencies.
const wrapperSuffix = ".in"

// wrapperSource writes r's wrapper module, file names restored, into a new
// temporary directory and returns it with its remover ("" and a no-op for
// plain installs). The module comes from opts.WrappersDir, else
// $MCPCHAOS_WRAPPERS, else the copy built into the binary.
func wrapperSource(opts Options, r Recipe) (string, func(), error) {
	if r.Wrapper == "" {
		return "", func() {}, nil
	}
	src, from, err := wrapperFS(opts, r.Wrapper)
	if err != nil {
		return "", func() {}, err
	}
	dir, err := os.MkdirTemp("", "mcpchaos-wrapper-"+r.Wrapper+"-")
	if err != nil {
		return "", func() {}, fmt.Errorf("wrapper module %s: %w", r.Wrapper, err)
	}
	remove := func() { _ = os.RemoveAll(dir) }
	if err := writeWrapper(src, dir); err != nil {
		remove()
		return "", func() {}, fmt.Errorf("wrapper module %s from %s: %w", r.Wrapper, from, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		remove()
		return "", func() {}, fmt.Errorf("wrapper module %s from %s: no go.mod (or go.mod%s)", r.Wrapper, from, wrapperSuffix)
	}
	return dir, remove, nil
}

// wrapperFS is where the named wrapper module's files are read from, and
// a description of it for messages.
func wrapperFS(opts Options, name string) (fs.FS, string, error) {
	root := opts.WrappersDir
	if root == "" {
		root = opts.env(envWrappers)
	}
	if root == "" {
		sub, err := fs.Sub(wrapperFiles, path.Join("wrappers", name))
		return sub, "the built-in copy", err
	}
	dir, err := filepath.Abs(filepath.Join(root, name))
	if err != nil {
		return nil, "", err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, "", fmt.Errorf("wrapper module %s: %s is not a directory", name, dir)
	}
	return os.DirFS(dir), dir, nil
}

// writeWrapper copies every regular file of src into dir, dropping the
// wrapperSuffix from names.
func writeWrapper(src fs.FS, dir string) error {
	return fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(p, wrapperSuffix)))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return errors.New(p + ": not a regular file")
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
