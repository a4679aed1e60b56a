package stacktest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/mcpchaos/mcpchaos/stack"
)

// Up builds ./cmd/mcpchaos of the module around the working directory
// and brings a stack up in a new temporary directory with opts (Dir and
// Self are set). stop takes the stack down (if one came up, even partly;
// Down is idempotent) and removes the directory; call it on every path,
// error included. On error the partial stack is returned too.
func Up(ctx context.Context, opts stack.Options) (st *stack.Stack, stop func() error, err error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, func() error { return nil }, err
	}
	dir, err := os.MkdirTemp("", "mcpchaos-stacktest-")
	if err != nil {
		return nil, func() error { return nil }, err
	}
	stop = func() error {
		var downErr error
		if st != nil {
			downCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if downErr = st.Down(downCtx); downErr != nil {
				downErr = fmt.Errorf("stack down: %w", downErr)
			}
		}
		return errors.Join(downErr, os.RemoveAll(dir))
	}
	self := filepath.Join(dir, "mcpchaos")
	build := exec.CommandContext(ctx, "go", "build", "-o", self, "./cmd/mcpchaos")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		return nil, stop, fmt.Errorf("go build ./cmd/mcpchaos: %v\n%s", err, b)
	}
	opts.Dir, opts.Self = filepath.Join(dir, "stack"), self
	st, err = stack.Up(ctx, opts)
	if err != nil {
		return st, stop, fmt.Errorf("stack up: %w", err)
	}
	return st, stop, nil
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
