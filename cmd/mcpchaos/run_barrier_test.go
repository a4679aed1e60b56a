package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestStartBarrier: the instance that got ready first waits for the
// other; both start together, barrierSlack after the last got ready. A
// missing instance times out with a message saying how many were ready.
func TestStartBarrier(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	var wg sync.WaitGroup
	started := make([]time.Time, 2)
	begin := time.Now()
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 700 * time.Millisecond) // the second pod is late
			if err := (startBarrier{dir: dir, index: i, n: 2, timeout: time.Minute}).wait(ctx); err != nil {
				t.Error(err)
			}
			started[i] = time.Now()
		}()
	}
	wg.Wait()
	if d := started[1].Sub(started[0]).Abs(); d > 300*time.Millisecond {
		t.Errorf("the instances started %v apart, want together", d)
	}
	if first := started[0].Sub(begin); first < 700*time.Millisecond+barrierSlack-100*time.Millisecond {
		t.Errorf("the first instance started after %v, before the late one was ready plus %v", first, barrierSlack)
	}
	err := (startBarrier{dir: t.TempDir(), index: 0, n: 3, timeout: 300 * time.Millisecond}).wait(ctx)
	if err == nil || !strings.Contains(err.Error(), "1 of 3 instances ready") {
		t.Errorf("a missing instance: error %v, want a timeout counting 1 of 3 ready", err)
	}
}
