package faultsjs_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
)

// TestBadSpecs: a spec the module cannot use throws a FaultError whose
// message names the option, and nothing happens: no request to
// toxiproxy, no keeper started, no event log written.
func TestBadSpecs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		src, typ string
		want     []string
	}{
		{`faults.latency({target: 'downstream', latenc: '1s', duration: '1s'})`, "spec", []string{"latenc: unknown option", "target, latency, jitter, toxicity, duration"}},
		{`faults.latency({target: 'downstream', latency: 'fast', duration: '1s'})`, "spec", []string{"latency: invalid duration"}},
		{`faults.latency({target: 'downstream', latency: '1s'})`, "spec", []string{"duration: missing"}},
		{`faults.latency({target: 'downstream', latency: 500, duration: '1s', toxicity: 'half'})`, "spec", []string{"toxicity: want a number, got a string"}},
		{`faults.latency({target: 'downstream', latency: '1s', duration: '1s', toxicity: 2})`, "spec", []string{"toxicity 2"}},
		{`faults.latency({latency: '1s', duration: '1s'})`, "spec", []string{"target: missing"}},
		{`faults.latency({target: 'downstream', Latency: '1s', duration: '1s'})`, "spec", []string{"Latency: unknown option"}},
		{`faults.errors({target: 'downstream', mode: 'boom', duration: '1s'})`, "spec", []string{`mode "boom"`}},
		{`faults.errors({target: 'downstream', mode: 'reset', status: 503, duration: '1s'})`, "spec", []string{"status 503"}},
		{`faults.bandwidth({target: 'downstream', kbps: 1.5, duration: '1s'})`, "spec", []string{"kbps: want a whole number"}},
		{`faults.kill({target: 'downstream', signal: 'NOPE'})`, "spec", []string{`signal "NOPE"`}},
		{`faults.tlsExpiry({target: 'downstream', mode: 'expiring', expiresIn: true, duration: '1s'})`, "spec", []string{"expiresIn: invalid duration"}},
		{`faults.stop({target: 'downstream', duration: NaN})`, "spec", []string{"duration: NaN"}},
		{`faults.stop()`, "spec", []string{"give the fault's options as an object: target, duration"}},
		{`faults.oomKill('mcp-server')`, "spec", []string{"options mcp-server: give an object with target"}},
		{`faults.latency({target: 'nope', latency: '1s', duration: '1s'})`, "unknown_target", []string{`target "nope" is not in mcpchaos.yaml faults.targets (known: downstream)`}},
	} {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, true)
			f.vu.StartIteration(nil)
			name, typ, msg := f.thrown(t, tc.src)
			if name != "FaultError" || typ != tc.typ {
				t.Errorf("threw %s of type %s, want FaultError of type %s: %s", name, typ, tc.typ, msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if _, n := f.tp.state(); n != 0 {
				t.Errorf("%d requests to toxiproxy, want none", n)
			}
			if n := f.keepers.Load(); n != 0 {
				t.Errorf("the keeper was started %d times, want never", n)
			}
			if _, err := os.Stat(f.events); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("event log written (%v), want none", err)
			}
			if err := f.mod.EndRun(); err != nil {
				t.Errorf("EndRun: %v", err)
			}
		})
	}
}

// TestNoInjectionInInitCode: init code runs once per VU; injecting there
// is refused.
func TestNoInjectionInInitCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	_, _, msg := f.thrown(t, `faults.latency({target: 'downstream', latency: '1s', duration: '1s'})`)
	if !strings.Contains(msg, "not in init code") {
		t.Errorf("message %q", msg)
	}
	if _, n := f.tp.state(); n != 0 {
		t.Errorf("%d requests to toxiproxy, want none", n)
	}
}

// TestInjectAndRevert: an injection sweeps first (a warning per swept
// item), returns a handle once the toxic is listed, and revert() removes
// it; every step is in the event log.
func TestInjectAndRevert(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	f.tp.add("mcpchaos-leftover-1-latency")
	f.vu.StartIteration(nil)
	before := time.Now().UnixMilli()
	f.run(t, `var h = faults.latency({target: 'downstream', latency: 500, duration: '1m'})`)
	if names, _ := f.tp.state(); len(names) != 1 || !strings.HasSuffix(names[0], "-latency") || strings.Contains(names[0], "leftover") {
		t.Errorf("toxics after inject: %q, want this run's latency toxic only", names)
	}
	if !strings.Contains(f.logs.String(), "level=WARN msg=\"faults: reset toxiproxy") {
		t.Errorf("no sweep warning in the log:\n%s", f.logs.String())
	}
	got := f.run(t, `[h.kind, h.target, typeof h.id, h.injectedAt, h.effectiveAt, h.revertedAt]`).Export().([]any)
	if got[0] != "latency" || got[1] != "downstream" || got[2] != "string" || got[5] != nil {
		t.Errorf("handle = %v", got)
	}
	if at, ok := got[3].(int64); !ok || at < before || got[4].(int64) < at {
		t.Errorf("injectedAt %v, effectiveAt %v: want ms since the epoch, in order", got[3], got[4])
	}
	f.run(t, `h.revert(); h.revert()`)
	if names, _ := f.tp.state(); len(names) != 0 {
		t.Errorf("toxics after revert: %q", names)
	}
	if r := f.run(t, `h.revertedAt`).Export(); r == nil || r.(int64) < got[4].(int64) {
		t.Errorf("revertedAt = %v after revert", r)
	}
	if err := f.mod.EndRun(); err != nil {
		t.Fatal(err)
	}
	want := []string{"sweep", "inject", "effective", "revert", "reverted"}
	if got := eventNames(t, f.events); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestEndRunReverts: what the script leaves in effect is reverted when
// the run ends, and the module is ready for another run.
func TestEndRunReverts(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	f.vu.StartIteration(nil)
	f.run(t, `var a = faults.latency({target: 'downstream', latency: '1s', duration: '1h'}); var b = faults.bandwidth({target: 'downstream', kbps: 10, duration: '1h'})`)
	if names, _ := f.tp.state(); len(names) != 2 {
		t.Fatalf("toxics %q, want 2", names)
	}
	if err := f.mod.EndRun(); err != nil {
		t.Fatal(err)
	}
	if names, _ := f.tp.state(); len(names) != 0 {
		t.Errorf("toxics after EndRun: %q", names)
	}
	if v := f.run(t, `a.revertedAt !== null && b.revertedAt !== null`).ToBoolean(); !v {
		t.Error("handles not marked reverted")
	}
	if !strings.Contains(f.logs.String(), "the test ended with 2 fault(s) in effect") {
		t.Errorf("log:\n%s", f.logs.String())
	}
	if err := f.mod.EndRun(); err != nil {
		t.Errorf("second EndRun: %v", err)
	}
}

// TestNotRevertedIsTheVerdict: a revert that fails throws a FaultError
// of type not_reverted, and the run's verdict is 121 even though the
// script caught it.
func TestNotRevertedIsTheVerdict(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	f.vu.StartIteration(nil)
	f.run(t, `var h = faults.latency({target: 'downstream', latency: '1s', duration: '1h'})`)
	f.tp.setFailDelete(true)
	res := f.run(t, `var caught; try { h.revert() } catch (e) { caught = [e.name, e.type, e.id === h.id, e.target, e.message] } caught`).Export().([]any)
	if res[0] != "FaultError" || res[1] != "not_reverted" || res[2] != true || res[3] != "downstream" || !strings.Contains(res[4].(string), "FAULT NOT REVERTED") {
		t.Errorf("caught %v", res)
	}
	err := f.mod.EndRun()
	if code := engine.ExitCodeOf(err); code != engine.ExitFaultNotReverted {
		t.Errorf("EndRun = %v (exit %d), want exit %d", err, code, engine.ExitFaultNotReverted)
	}
	if !slices.Contains(eventNames(t, f.events), "not_reverted") {
		t.Errorf("no not_reverted event")
	}
}

// TestWaitResolvesOnTheEventLoop: wait() settles its promise through the
// VU's event loop once the fault has ended by itself.
func TestWaitResolvesOnTheEventLoop(t *testing.T) {
	t.Parallel()
	f := newFixture(t, true)
	f.vu.StartIteration(nil)
	f.run(t, `var h = faults.latency({target: 'downstream', latency: 100, duration: 300}); var done = false; var p = h.wait().then(() => { done = h.revertedAt !== null })`)
	if f.run(t, `done`).ToBoolean() {
		t.Fatal("resolved before the fault ended")
	}
	f.vu.runLoop(t, 10*time.Second)
	if !f.run(t, `done`).ToBoolean() {
		t.Error("wait() did not resolve with the fault reverted")
	}
	if names, _ := f.tp.state(); len(names) != 0 {
		t.Errorf("toxics after the fault's duration: %q", names)
	}
}

// TestNoKeeper: toxiproxy faults without a supervisor or a watchdog are
// refused, with what to do.
func TestNoKeeper(t *testing.T) {
	t.Parallel()
	f := newFixture(t, false)
	f.vu.StartIteration(nil)
	_, typ, msg := f.thrown(t, `faults.latency({target: 'downstream', latency: '1s', duration: '1s'})`)
	if typ != "no_keeper" || !strings.Contains(msg, "no lease owner") {
		t.Errorf("threw %s: %s", typ, msg)
	}
	if names, _ := f.tp.state(); len(names) != 0 {
		t.Errorf("toxics %q, want none", names)
	}
}
