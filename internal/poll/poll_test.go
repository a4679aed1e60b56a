package poll_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

// countdown is done on its n-th call and says how many calls are left
// before that.
func countdown(n int, calls *int) poll.Check {
	return func(context.Context) (bool, error) {
		*calls++
		if *calls >= n {
			return true, nil
		}
		return false, errors.New(strings.Repeat("x", n-*calls) + " left")
	}
}

func TestWithin(t *testing.T) {
	t.Parallel()
	errSeen := errors.New("status 503")
	tests := []struct {
		name      string
		timeout   time.Duration
		check     func(calls *int) poll.Check
		wantCalls int // at least
		wantErr   []string
		wantIs    []error
	}{
		{name: "done at once", timeout: time.Minute, check: func(c *int) poll.Check { return countdown(1, c) }, wantCalls: 1},
		{name: "done on the third check", timeout: time.Minute, check: func(c *int) poll.Check { return countdown(3, c) }, wantCalls: 3},
		{
			name: "gives up with the last observation", timeout: 50 * time.Millisecond,
			check: func(c *int) poll.Check {
				return func(context.Context) (bool, error) {
					*c++
					if *c == 1 {
						return false, errors.New("first look")
					}
					return false, errSeen
				}
			},
			wantCalls: 2,
			wantErr:   []string{"waiting for the thing", "deadline exceeded", "last seen: status 503"},
			wantIs:    []error{context.DeadlineExceeded, errSeen},
		},
		{
			name: "keeps an observation over later silent checks", timeout: 50 * time.Millisecond,
			check: func(c *int) poll.Check {
				return func(context.Context) (bool, error) {
					*c++
					if *c == 1 {
						return false, errSeen
					}
					return false, nil
				}
			},
			wantCalls: 2,
			wantErr:   []string{"last seen: status 503"},
			wantIs:    []error{errSeen},
		},
		{
			name: "gives up with nothing observed", timeout: 30 * time.Millisecond,
			check: func(c *int) poll.Check {
				return func(context.Context) (bool, error) { *c++; return false, nil }
			},
			wantCalls: 1,
			wantErr:   []string{"waiting for the thing: context deadline exceeded after "},
			wantIs:    []error{context.DeadlineExceeded},
		},
		{
			name: "done is done even with an observation", timeout: time.Minute,
			check: func(c *int) poll.Check {
				return func(context.Context) (bool, error) { *c++; return true, errSeen }
			},
			wantCalls: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var calls int
			err := poll.Within(context.Background(), tc.timeout, time.Millisecond, "the thing", tc.check(&calls))
			if calls < tc.wantCalls {
				t.Errorf("%d checks, want at least %d", calls, tc.wantCalls)
			}
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Within: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Within returned nil, want an error")
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			for _, want := range tc.wantIs {
				if !errors.Is(err, want) {
					t.Errorf("error %q is not %v", err, want)
				}
			}
		})
	}
}

func TestUntilStopsWhenCtxIsCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := poll.Until(ctx, time.Millisecond, "cancellation", func(context.Context) (bool, error) {
		calls++
		if calls == 3 {
			cancel()
		}
		return false, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 3 {
		t.Fatalf("err %v after %d checks, want context.Canceled after 3", err, calls)
	}
}

func TestUntilKeepsTheObservationBeforeACheckCutShort(t *testing.T) {
	t.Parallel()
	errSeen := errors.New("status 503")
	calls := 0
	err := poll.Within(context.Background(), 50*time.Millisecond, time.Millisecond, "a slow server", func(ctx context.Context) (bool, error) {
		calls++
		if calls == 1 {
			return false, errSeen
		}
		<-ctx.Done() // a request the deadline interrupts
		return false, ctx.Err()
	})
	if !errors.Is(err, errSeen) {
		t.Fatalf("error %v, want the last observation before the deadline, %v", err, errSeen)
	}
}

func TestUntilPassesItsCtxToTheCheck(t *testing.T) {
	t.Parallel()
	err := poll.Within(context.Background(), time.Minute, time.Millisecond, "a deadline", func(ctx context.Context) (bool, error) {
		_, ok := ctx.Deadline()
		return ok, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
