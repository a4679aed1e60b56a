package install

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockFile serialises builds across processes.
const lockFile = "install.lock"

// lockPoll is how often a waiting process retries the lock; polling keeps
// the wait cancellable, which a blocking flock is not.
const lockPoll = 250 * time.Millisecond

// acquireLock takes an exclusive flock on <cache>/install.lock, waiting
// (and saying so once on progress) while another install holds it. The
// returned func releases it. Locks are per open file, so two goroutines of
// one process exclude each other too.
func acquireLock(ctx context.Context, cacheDir string, progress io.Writer) (func(), error) {
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("create cache dir %s: %w", cacheDir, err)
	}
	path := filepath.Join(cacheDir, lockFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open install lock %s: %w", path, err)
	}
	release := func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}
	said := false
	ticker := time.NewTicker(lockPoll)
	defer ticker.Stop()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			_ = f.Truncate(0)
			_, _ = fmt.Fprintf(f, "%d\n", os.Getpid())
			return release, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			_ = f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !said {
			say(progress, "waiting for another install (lock %s)…", path)
			said = true
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, fmt.Errorf("wait for install lock %s: %w", path, ctx.Err())
		case <-ticker.C:
		}
	}
}

// say writes one progress line; a nil writer is silent.
func say(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
