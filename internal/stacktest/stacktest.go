package stacktest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/mcpchaos/mcpchaos/stack"
)

// Up builds ./cmd/mcpchaos of the module around the working directory
// and brings a stack up in a new temporary directory with opts (Dir and
// Self are set). cleanup removes the directory; call it after taking the
// stack down. On error the stack, if any, is returned too, to be taken
// down.
func Up(ctx context.Context, opts stack.Options) (st *stack.Stack, cleanup func(), err error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, func() {}, err
	}
	dir, err := os.MkdirTemp("", "mcpchaos-stacktest-")
	if err != nil {
		return nil, func() {}, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	self := filepath.Join(dir, "mcpchaos")
	build := exec.CommandContext(ctx, "go", "build", "-o", self, "./cmd/mcpchaos")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		return nil, cleanup, fmt.Errorf("go build ./cmd/mcpchaos: %v\n%s", err, b)
	}
	opts.Dir, opts.Self = filepath.Join(dir, "stack"), self
	st, err = stack.Up(ctx, opts)
	if err != nil {
		return st, cleanup, fmt.Errorf("stack up: %w", err)
	}
	return st, cleanup, nil
}

// moduleRoot is the nearest directory upwards holding go.mod.
func moduleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("stacktest: no go.mod above the working directory")
		}
		d = filepath.Dir(d)
	}
}
