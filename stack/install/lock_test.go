package install

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLockWaitsAndHonoursCancel(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	release, err := acquireLock(t.Context(), cache, nil)
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	ctx, cancel := context.WithTimeout(t.Context(), 600*time.Millisecond)
	defer cancel()
	if _, err := acquireLock(ctx, cache, &progress); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock while held: err = %v, want deadline exceeded", err)
	}
	if !strings.Contains(progress.String(), "waiting for another install") {
		t.Errorf("progress = %q", progress.String())
	}
	release()
	release2, err := acquireLock(t.Context(), cache, nil)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release2()
}
