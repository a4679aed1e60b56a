package sweep

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

func TestFindAndKill(t *testing.T) {
	t.Parallel()
	const env = "MCPCHAOS_TEST_SWEEP"
	value := strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 10)
	// sh starts a grandchild that inherits the marker.
	cmd := exec.Command("sh", "-c", "sleep 60 & sleep 60; wait")
	cmd.Env = append(os.Environ(), env+"="+value)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-done })

	var ps []Process
	err := poll.Within(context.Background(), 30*time.Second, 20*time.Millisecond, "sh and its two sleeps", func(context.Context) (bool, error) {
		var err error
		if ps, err = Find(env, value); err != nil {
			return false, err
		}
		return len(ps) >= 3, fmt.Errorf("found %v", ps)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("found %v, want sh and two sleeps", ps)
	}
	left, err := Kill(env, value)
	if err != nil || len(left) != 0 {
		t.Fatalf("left %v, err %v", left, err)
	}
	if other, _ := Find(env, "another-value"); len(other) != 0 {
		t.Fatalf("another marker matched %v", other)
	}
}
