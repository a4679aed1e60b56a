package sweep

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
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
	for i := 0; i < 100 && len(ps) < 3; i++ {
		time.Sleep(20 * time.Millisecond)
		var err error
		if ps, err = Find(env, value); err != nil {
			t.Fatal(err)
		}
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
