package assertionsjs_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
	assertionsjs "github.com/mcpchaos/mcpchaos/assertions/js"
	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	"github.com/mcpchaos/mcpchaos/engine/summary"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

// testVU is a modulestest VU with the run's group tree and an event
// loop the test drives: the callbacks the module enqueues arrive on
// queue.
type testVU struct {
	*modulestest.VU
	root  *summary.Group
	queue chan func() error
}

var _ modules.EventLoop = (*testVU)(nil)

func (v *testVU) RootGroup() *summary.Group { return v.root }

func (v *testVU) RegisterCallback() func(func() error) {
	var once sync.Once
	return func(f func() error) { once.Do(func() { v.queue <- f }) }
}

// runLoop runs the next callback, failing the test if none comes soon.
func (v *testVU) runLoop(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case f := <-v.queue:
		if err := f(); err != nil {
			t.Fatal(err)
		}
	case <-time.After(within):
		t.Fatalf("no event loop callback within %s", within)
	}
}

// fixture is one run of the module in one VU, its results file in a
// temporary directory.
type fixture struct {
	vu      *testVU
	mod     *assertionsjs.Module
	results string
	logs    *syncbuf.Buffer
}

// newFixture loads the module as `assertions` into a VU in init state,
// on a config whose backends are b.
func newFixture(t *testing.T, b config.Backends, opts ...assertionsjs.Option) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &fixture{results: filepath.Join(t.TempDir(), "results.jsonl"), logs: &syncbuf.Buffer{}}
	f.mod = assertionsjs.New(append([]assertionsjs.Option{assertionsjs.WithResultsFile(f.results)}, opts...)...)
	base, err := modulestest.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	base.Env.Config = &config.Config{Backends: b}
	base.Env.Logger = slog.New(slog.NewTextHandler(f.logs, nil))
	f.vu = &testVU{VU: base, root: summary.NewRootGroup(), queue: make(chan func() error, 16)}
	inst, err := f.mod.NewInstance(f.vu)
	if err != nil {
		t.Fatal(err)
	}
	obj := base.RT.NewObject()
	for k, v := range inst.Exports().Named {
		_ = obj.Set(k, v)
	}
	_ = base.RT.Set("assertions", obj)
	t.Cleanup(func() { _ = f.mod.EndRun() })
	return f
}

// wantVerdict ends the run and checks its verdict: none when want is
// "", else exit 120 with a message containing each of want.
func (f *fixture) wantVerdict(t *testing.T, want ...string) {
	t.Helper()
	err := f.mod.EndRun()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("EndRun = %v, want no verdict", err)
		}
		return
	}
	if code := engine.ExitCodeOf(err); code != engine.ExitCouldNotEvaluate {
		t.Errorf("EndRun = %v (exit %d), want exit 120", err, code)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("verdict %q lacks %q", err, w)
		}
	}
}

// promBackends is a config with Prometheus at url.
func promBackends(url string) config.Backends {
	return config.Backends{Prometheus: config.Endpoint{URL: url}}
}

// run evaluates src; a thrown exception fails the test.
func (f *fixture) run(t *testing.T, src string) sobek.Value {
	t.Helper()
	v, err := f.vu.Run(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// json evaluates src and decodes its JSON.stringify.
func (f *fixture) json(t *testing.T, src string, out any) {
	t.Helper()
	s := f.run(t, "JSON.stringify("+src+")").String()
	if err := json.Unmarshal([]byte(s), out); err != nil {
		t.Fatalf("%s = %s: %v", src, s, err)
	}
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

// checks are the check samples pushed, as tag maps with their value.
func (f *fixture) checks() []sample {
	var out []sample
	for _, s := range f.vu.SamplesOf("checks") {
		out = append(out, sample{tags: s.Tags.Map(), value: s.Value})
	}
	return out
}

type sample struct {
	tags  map[string]string
	value float64
}

// entries reads the results file; none when it does not exist.
func entries(t *testing.T, path string) []assertions.Entry {
	t.Helper()
	fh, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []assertions.Entry
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var e assertions.Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("results line %q: %v", sc.Text(), err)
		}
		out = append(out, e)
	}
	return out
}
