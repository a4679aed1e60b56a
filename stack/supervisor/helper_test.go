package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/sweep"
)

// The test binary doubles as every process these tests supervise.
const (
	childEnv     = "MCPCHAOS_TEST_CHILD"      // a component: serve, crash, ok, stubborn, alloc, spawn
	childAddrEnv = "MCPCHAOS_TEST_CHILD_ADDR" // where serve listens
	mainEnv      = "MCPCHAOS_TEST_SUPERVISOR" // run supervisor.Main on this dir
	testToken    = "0123456789abcdef0123456789abcdef"
)

// watchdogArg makes the test binary the watchdog (argv, since the watchdog
// inherits the supervisor's environment).
const watchdogArg = "--mcpchaos-test-watchdog"

func TestMain(m *testing.M) {
	switch {
	case os.Args[len(os.Args)-1] == watchdogArg:
		if err := WatchdogMain(os.Stdin); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case os.Getenv(childEnv) != "":
		child(os.Getenv(childEnv))
	case os.Getenv(mainEnv) != "":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
		defer stop()
		if err := Main(ctx, os.Getenv(mainEnv), slog.New(slog.NewTextHandler(os.Stderr, nil))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(mode string) {
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	switch mode {
	case "crash":
		time.Sleep(100 * time.Millisecond)
		os.Exit(3)
	case "ok":
		time.Sleep(50 * time.Millisecond)
		os.Exit(0)
	case "stubborn":
		signal.Ignore(syscall.SIGTERM)
		serve()
		time.Sleep(time.Hour)
	case "alloc":
		var keep [][]byte
		for i := 0; i < 250; i++ {
			b := make([]byte, 4<<20)
			for j := 0; j < len(b); j += 4096 {
				b[j] = 1
			}
			keep = append(keep, b)
			time.Sleep(20 * time.Millisecond)
		}
		fmt.Println(len(keep))
		<-term
	case "spawn":
		p, err := os.StartProcess("/bin/sleep", []string{"sleep", "300"}, &os.ProcAttr{Files: []*os.File{nil, os.Stdout, os.Stderr}})
		if err == nil {
			fmt.Println("grandchild", p.Pid)
		}
		<-term
	default:
		serve()
		<-term
	}
	os.Exit(0)
}

// serve answers HTTP on $MCPCHAOS_TEST_CHILD_ADDR, if set, for readiness.
func serve() {
	addr := os.Getenv(childAddrEnv)
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		os.Exit(2)
	}
	go func() {
		_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))
	}()
}

// childSpec is a component that runs the test binary in mode.
func childSpec(t *testing.T, name, mode string) Spec {
	t.Helper()
	return Spec{
		Name:      name,
		Path:      os.Args[0],
		Env:       []string{childEnv + "=" + mode},
		LogFile:   filepath.Join(t.TempDir(), name+".log"),
		StopGrace: control.Duration(2 * time.Second),
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// testManifest makes a manifest with a token file and a fresh instance.
func testManifest(t *testing.T, specs ...Spec) Manifest {
	t.Helper()
	dir := t.TempDir()
	tok := filepath.Join(dir, "token")
	if err := os.WriteFile(tok, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return Manifest{
		Listen:     freeAddr(t),
		TokenFile:  tok,
		Instance:   "test-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36),
		Components: specs,
	}
}

// runSupervisor runs m in this process until the test ends, then checks
// that no process of the stack is left.
func runSupervisor(t *testing.T, m Manifest) (*Supervisor, *control.Client) {
	t.Helper()
	s, c, stop := serveSupervisor(t, m)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("supervisor Run: %v", err)
		}
	})
	return s, c
}

// serveSupervisor starts m in this process and returns a stop function
// that shuts it down (once; later calls return nil) and checks that no
// process of it is left. The test's cleanup calls it too.
func serveSupervisor(t *testing.T, m Manifest) (*Supervisor, *control.Client, func() error) {
	t.Helper()
	s, err := New(m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		_ = s.Close()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() error {
		var err error
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				err = errors.New("supervisor did not stop within 30s")
			}
			assertNoneLeft(t, m.Instance)
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	c := control.NewClient("http://"+ln.Addr().String(), testToken)
	err = poll.Within(context.Background(), patience, 20*time.Millisecond, "supervisor health", func(ctx context.Context) (bool, error) {
		err := c.Health(ctx)
		return err == nil, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, stop
}

func assertNoneLeft(t *testing.T, instance string) {
	t.Helper()
	left, err := sweep.Find(MarkerEnv, instance)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) > 0 {
		_, _ = sweep.Kill(MarkerEnv, instance)
		t.Fatalf("processes left behind: %v", left)
	}
}

func component(t *testing.T, c *control.Client, name string) control.Component {
	t.Helper()
	st, err := c.Component(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
