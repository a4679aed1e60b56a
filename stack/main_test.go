package stack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// fakeEnv makes the test binary a fake component that answers HTTP on
// fakeAddrEnv until SIGTERM.
const (
	fakeEnv     = "MCPCHAOS_TEST_FAKE"
	fakeAddrEnv = "MCPCHAOS_TEST_FAKE_ADDR"
)

// TestMain lets the test binary stand in for mcpchaos: `stack supervise`
// runs the supervisor (and its watchdog), and fakeEnv a fake component.
func TestMain(m *testing.M) {
	args := os.Args[1:]
	switch {
	case len(args) >= 3 && args[0] == "stack" && args[1] == "supervise" && args[2] == "--watchdog":
		exit(supervisor.WatchdogMain(os.Stdin))
	case len(args) >= 4 && args[0] == "stack" && args[1] == "supervise" && args[2] == "--dir":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		defer stop()
		exit(supervisor.Main(ctx, args[3], slog.New(slog.NewTextHandler(os.Stderr, nil))))
	case os.Getenv(fakeEnv) != "":
		fake()
	}
	os.Exit(m.Run())
}

func exit(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

func fake() {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	ln, err := net.Listen("tcp", os.Getenv(fakeAddrEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	go func() {
		_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))
	}()
	<-term
	os.Exit(0)
}
