package watchdog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// DefaultIdle is how long a watchdog stays up holding no lease.
const DefaultIdle = 5 * time.Minute

// ErrAlreadyRunning: another watchdog serves the directory.
var ErrAlreadyRunning = errors.New("a fault watchdog already serves this directory")

// Options configure Serve.
type Options struct {
	// Dir is the state directory (created when missing).
	Dir string
	// Idle is how long the watchdog holds no lease before it exits
	// (default DefaultIdle).
	Idle time.Duration
	// Log receives the supervisor's and the watchdog's lines; nil
	// discards.
	Log *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Serve runs the watchdog: a supervisor with no components on a free
// loopback port, whose URL and token it writes into Dir. It returns when
// ctx ends, a shutdown is requested through the API, or it has held no
// lease for Idle; leases still held are reverted first, and the state is
// removed.
func Serve(ctx context.Context, o Options) error {
	o = o.withDefaults()
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return fmt.Errorf("fault watchdog: %w", err)
	}
	unlock, err := lockFile(filepath.Join(o.Dir, serveLock), 2*time.Second)
	if err != nil {
		return fmt.Errorf("fault watchdog in %s: %w", o.Dir, err)
	}
	defer unlock()
	tok := filepath.Join(o.Dir, tokenFile)
	if err := writeToken(tok); err != nil {
		return fmt.Errorf("fault watchdog: token: %w", err)
	}
	defer os.Remove(tok)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("fault watchdog: %w", err)
	}
	sup, err := supervisor.New(supervisor.Manifest{Listen: ln.Addr().String(), TokenFile: tok, Instance: "watchdog-" + randomHex(6), Cgroups: "off"}, o.Log)
	if err != nil {
		ln.Close()
		return errors.Join(fmt.Errorf("fault watchdog: %w", err), sup.Close())
	}
	st := State{URL: "http://" + ln.Addr().String(), TokenFile: tok, PID: os.Getpid(), StartedAt: time.Now(), Idle: o.Idle.String()}
	b, _ := json.MarshalIndent(st, "", "  ")
	statePath := filepath.Join(o.Dir, stateFile)
	if err := writeFile(statePath, append(b, '\n'), 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("fault watchdog: state: %w", err)
	}
	defer os.Remove(statePath)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client, err := control.NewClientFromFile(st.URL, tok)
	if err != nil {
		ln.Close()
		return err
	}
	go exitWhenIdle(ctx, cancel, client, o)
	o.Log.Info("fault watchdog serving", "url", st.URL, "dir", o.Dir, "idle", o.Idle)
	return sup.Serve(ctx, ln)
}

// exitWhenIdle ends the watchdog once it has held no active lease for
// o.Idle, asking its own API every so often.
func exitWhenIdle(ctx context.Context, stop context.CancelFunc, c *control.Client, o Options) {
	every := min(max(o.Idle/10, 50*time.Millisecond), 10*time.Second)
	t := time.NewTicker(every)
	defer t.Stop()
	busy := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if holds(ctx, c) {
				busy = now
			} else if now.Sub(busy) >= o.Idle {
				o.Log.Info("fault watchdog idle: no lease held, exiting", "for", o.Idle)
				stop()
				return
			}
		}
	}
}

// holds reports whether the watchdog holds an active lease; an API
// error counts as holding one, so a hiccup never ends a lease early.
func holds(ctx context.Context, c *control.Client) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ls, err := c.Leases(ctx)
	if err != nil {
		return true
	}
	for _, l := range ls {
		if l.State == control.LeaseActive {
			return true
		}
	}
	return false
}

// lockFile takes an exclusive flock on path, trying for up to wait
// (a watchdog that is exiting still holds it for a moment); the kernel
// drops it when the process dies. ErrAlreadyRunning when it stays taken.
func lockFile(path string, wait time.Duration) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				err = ErrAlreadyRunning
			}
			return nil, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
