package modules

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLimiterCapsRequestsAcrossGoroutines: 20 goroutines asking as fast
// as they can get 200/s between them, not more.
func TestLimiterCapsRequestsAcrossGoroutines(t *testing.T) {
	t.Parallel()
	l := NewLimiter(200)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	var n atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l.Wait(ctx) == nil {
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	// 0.5s at 200/s: 100 (+1 for the first at once). Unlimited would be
	// millions; a limiter that lost slots, far fewer.
	if got := n.Load(); got > 102 || got < 60 {
		t.Errorf("%d requests in 0.5s at --max-rps 200, want about 100", got)
	}
}

func TestNilLimiterDoesNotLimit(t *testing.T) {
	t.Parallel()
	var l *Limiter
	if NewLimiter(0) != nil {
		t.Error("rate 0 should give no limiter")
	}
	start := time.Now()
	for range 1000 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if time.Since(start) > 100*time.Millisecond {
		t.Error("a nil limiter waited")
	}
}
