package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

const (
	// barrierSlack is how long after the last instance got ready they all
	// start: room for the instances to notice (they poll) and for the
	// nodes' clocks to disagree a little.
	barrierSlack = 2 * time.Second
	barrierPoll  = 200 * time.Millisecond
)

// startBarrier lines up the n instances of a segmented test without a
// coordinator: each writes DIR/ready-INDEX holding the time it got ready
// (VUs initialized), waits until all n files are there, and starts at the
// latest of those times plus barrierSlack, which every instance computes
// alike. So an arrival-rate schedule starts at the same moment in every
// instance, however far apart the pods were scheduled. DIR must be fresh
// for each test (stale ready files would let the instances start at once).
type startBarrier struct {
	dir      string
	index, n int
	timeout  time.Duration
}

// wait is the engine's StartGate.
func (b startBarrier) wait(ctx context.Context) error {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return fmt.Errorf("--start-barrier %s: %w", b.dir, err)
	}
	me := filepath.Join(b.dir, "ready-"+strconv.Itoa(b.index))
	tmp := me + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatInt(time.Now().UnixNano(), 10)), 0o644); err != nil {
		return fmt.Errorf("--start-barrier %s: %w", b.dir, err)
	}
	if err := os.Rename(tmp, me); err != nil {
		return fmt.Errorf("--start-barrier %s: %w", b.dir, err)
	}
	deadline := time.Now().Add(b.timeout)
	for {
		latest, ready, err := b.readiness()
		if err != nil {
			return err
		}
		if ready == b.n {
			start := time.Unix(0, latest).Add(barrierSlack)
			return poll.Sleep(ctx, time.Until(start))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("--start-barrier %s: %d of %d instances ready after %s; start all instances of the test (an Indexed Job's parallelism = completions) or raise --start-barrier-timeout", b.dir, ready, b.n, b.timeout)
		}
		if err := poll.Sleep(ctx, barrierPoll); err != nil {
			return err
		}
	}
}

// readiness reads the ready files: the latest ready time and how many
// of the n instances are ready.
func (b startBarrier) readiness() (latest int64, ready int, err error) {
	for i := range b.n {
		raw, err := os.ReadFile(filepath.Join(b.dir, "ready-"+strconv.Itoa(i)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return 0, 0, fmt.Errorf("--start-barrier: %w", err)
		}
		t, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("--start-barrier: ready-%d holds %q, not a time", i, raw)
		}
		latest, ready = max(latest, t), ready+1
	}
	return latest, ready, nil
}
