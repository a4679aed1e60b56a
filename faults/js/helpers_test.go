package faultsjs_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	"github.com/mcpchaos/mcpchaos/faults"
	faultsjs "github.com/mcpchaos/mcpchaos/faults/js"
	"github.com/mcpchaos/mcpchaos/faults/watchdog"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

// loopVU is a modulestest VU with an event loop the test drives: the
// callbacks the module enqueues arrive on queue.
type loopVU struct {
	*modulestest.VU
	queue chan func() error
}

var _ modules.EventLoop = (*loopVU)(nil)

func (l *loopVU) RegisterCallback() func(func() error) {
	var once sync.Once
	return func(f func() error) { once.Do(func() { l.queue <- f }) }
}

// runLoop runs the next callback, failing the test if none comes soon.
func (l *loopVU) runLoop(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case f := <-l.queue:
		if err := f(); err != nil {
			t.Fatal(err)
		}
	case <-time.After(within):
		t.Fatalf("no event loop callback within %s", within)
	}
}

// fixture is one run of the module on a fake toxiproxy, with the fault
// watchdog (served in process) as its lease keeper.
type fixture struct {
	vu      *loopVU
	mod     *faultsjs.Module
	tp      *fakeToxiproxy
	events  string
	logs    *syncbuf.Buffer
	keepers atomic.Int32 // keeper starts asked for
}

// newFixture loads the module into a VU, in init state, on a config with
// one toxiproxy target, downstream, and no supervisor.
func newFixture(t *testing.T, keeper bool) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dir := t.TempDir()
	f := &fixture{tp: newFakeToxiproxy(t, "downstream"), events: filepath.Join(dir, "events.jsonl"), logs: &syncbuf.Buffer{}}
	opts := []faultsjs.Option{faultsjs.WithEventsFile(f.events)}
	if keeper {
		wd := filepath.Join(dir, "watchdog")
		var once sync.Once
		served := make(chan error, 1)
		// Registered before EndRun's cleanup, so it runs after it.
		t.Cleanup(func() {
			if f.keepers.Load() == 0 {
				return
			}
			if _, err := watchdog.Stop(context.Background(), wd); err != nil {
				t.Error(err)
			}
			<-served
		})
		opts = append(opts, faultsjs.WithKeeper(func(ctx context.Context) (faults.Keeper, error) {
			f.keepers.Add(1)
			once.Do(func() {
				go func() { served <- watchdog.Serve(context.Background(), watchdog.Options{Dir: wd}) }()
			})
			deadline := time.Now().Add(5 * time.Second)
			for {
				c, _, err := watchdog.Open(ctx, wd)
				if err == nil || time.Now().After(deadline) {
					return c, err
				}
				time.Sleep(10 * time.Millisecond)
			}
		}))
	}
	f.mod = faultsjs.New(opts...)
	base, err := modulestest.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	base.Env.Config = &config.Config{Faults: config.Faults{
		Toxiproxy: config.Endpoint{URL: f.tp.URL},
		Targets:   map[string]config.Target{"downstream": {Driver: "toxiproxy", Proxy: "downstream"}},
	}}
	base.Env.Logger = slog.New(slog.NewTextHandler(f.logs, nil))
	f.vu = &loopVU{VU: base, queue: make(chan func() error, 16)}
	inst, err := f.mod.NewInstance(f.vu)
	if err != nil {
		t.Fatal(err)
	}
	obj := base.RT.NewObject()
	for k, v := range inst.Exports().Named {
		_ = obj.Set(k, v)
	}
	_ = base.RT.Set("faults", obj)
	t.Cleanup(func() { _ = f.mod.EndRun() })
	return f
}

// run evaluates src; a thrown exception is an error.
func (f *fixture) run(t *testing.T, src string) sobek.Value {
	t.Helper()
	v, err := f.vu.Run(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// thrown runs src, which must throw, and returns the exception's name,
// type and message.
func (f *fixture) thrown(t *testing.T, src string) (name, typ, msg string) {
	t.Helper()
	_, err := f.vu.Run(src)
	var ex *sobek.Exception
	if !errors.As(err, &ex) {
		t.Fatalf("%s: want an exception, got %v", src, err)
	}
	o, ok := ex.Value().(*sobek.Object)
	if !ok {
		t.Fatalf("%s: threw %v, not an Error", src, ex.Value())
	}
	return o.Get("name").String(), o.Get("type").String(), o.Get("message").String()
}

// eventNames reads the event log's event names.
func eventNames(t *testing.T, path string) []string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var names []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var e struct{ Event string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("event log line %q: %v", sc.Text(), err)
		}
		names = append(names, e.Event)
	}
	return names
}
