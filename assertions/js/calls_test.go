package assertionsjs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/config"
)

// TestBadOptions: a call with options the module cannot use throws an
// AssertionError of type options naming the option, asks nothing, and
// is recorded as Error: the run exits 120 even when the script catches
// it, so a typo never passes silently.
func TestBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want string
	}{
		{`assertions.queryHolds('up', {withn: '5s'})`, "withn: unknown option (queryHolds options: within, for, since, faultId)"},
		{`assertions.queryHolds('up', {within: 'soon'})`, `within: invalid duration "soon"`},
		{`assertions.queryHolds('up', {for: -5})`, "for: invalid duration -5: must not be negative"},
		{`assertions.queryHolds('up', {since: 'yesterday'})`, `since: "yesterday" is not an RFC 3339 time`},
		{`assertions.queryHolds()`, "query: missing: give it as argument 1, queryHolds(query, options)"},
		{`assertions.queryHolds({query: 'up'})`, "query: want a string, got an object"},
		{`assertions.queryHolds('  ')`, "queryHolds needs a PromQL query"},
		{`assertions.background.queryHolds('up', {Within: '1s'})`, "Within: unknown option"},
		{`assertions.queryValue()`, "query: missing"},
	}
	for _, tc := range tests {
		t.Run(tc.src, func(t *testing.T) {
			t.Parallel()
			// Nothing may be asked: Prometheus is a refusing port.
			f := newFixture(t, promBackends("http://127.0.0.1:1"))
			f.vu.StartIteration(nil)
			start := time.Now()
			name, typ, msg := f.thrown(t, tc.src)
			if name != "AssertionError" || typ != "options" || !strings.Contains(msg, tc.want) {
				t.Errorf("threw %s of type %s: %q, want AssertionError of type options saying %q", name, typ, msg, tc.want)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %s: a bad call must not poll", took)
			}
			if es := entries(t, f.results); len(es) != 1 || es[0].Status != assertions.Error || !strings.Contains(es[0].Why, tc.want) {
				t.Errorf("results file %+v, want the call as an error", es)
			}
			if cs := f.checks(); len(cs) != 1 || cs[0].value != 0 {
				t.Errorf("checks %+v, want one failing", cs)
			}
			f.wantVerdict(t, tc.want)
		})
	}
}

// TestInitCode: expectations are refused in init code, with what to do.
func TestInitCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t, promBackends("http://127.0.0.1:1"))
	for _, src := range []string{`assertions.queryHolds('up')`, `assertions.background.queryHolds('up')`, `assertions.queryValue('up')`} {
		_, typ, msg := f.thrown(t, src)
		if typ != "init" || !strings.Contains(msg, "not in init code") {
			t.Errorf("%s threw %s: %s", src, typ, msg)
		}
	}
	if es := entries(t, f.results); es != nil {
		t.Errorf("init code wrote results %+v", es)
	}
	f.wantVerdict(t) // init code refusals are the script's exception
}

// TestConfig: the backends come from the run's config, once; a config
// problem throws an AssertionError of type config naming the key and is
// an Error verdict; a bearer token is read from __ENV.
func TestConfig(t *testing.T) {
	t.Parallel()
	url := prometheusURL(t)
	tests := []struct {
		name string
		b    config.Backends
		env  map[string]string
		want string // in the exception; "" wants a pass
	}{
		{"no prometheus", config.Backends{}, nil, "set backends.prometheus.url in mcpchaos.yaml"},
		{"not a URL", promBackends("ftp://x"), nil, `backends.prometheus.url "ftp://x": want an http(s) URL`},
		{"token not set", config.Backends{Prometheus: config.Endpoint{URL: url, BearerTokenEnv: "MCPCHAOS_TEST_UNSET_TOKEN"}}, nil, "bearer_token_env names $MCPCHAOS_TEST_UNSET_TOKEN, which is not set"},
		{"token from __ENV", config.Backends{Prometheus: config.Endpoint{URL: url, BearerTokenEnv: "PROM_TOKEN"}}, map[string]string{"PROM_TOKEN": "s3cret"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, tc.b)
			f.vu.Env.Env = tc.env
			f.vu.StartIteration(nil)
			src := `assertions.queryHolds('vector(1) == 1', {within: '5s'}).status`
			if tc.want == "" {
				if got := f.run(t, src).String(); got != "pass" {
					t.Errorf("status %s, want pass", got)
				}
				f.wantVerdict(t)
				return
			}
			for range 2 { // the error is the config's, every time
				_, typ, msg := f.thrown(t, src)
				if typ != "config" || !strings.Contains(msg, tc.want) {
					t.Errorf("threw %s: %q, want config saying %q", typ, msg, tc.want)
				}
			}
			if es := entries(t, f.results); len(es) != 2 || es[0].Subject != "queryHolds(vector(1) == 1)" {
				t.Errorf("results file %+v, want both calls as errors", es)
			}
			f.wantVerdict(t, tc.want)
		})
	}
}

// TestBackgroundHandle: a background expectation returns its handle at
// once; result() is null until it is done; the VU's event loop gets its
// result recorded once, and wait() resolves with it.
func TestBackgroundHandle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, promBackends(prometheusURL(t)))
	f.vu.StartIteration(nil)
	start := time.Now()
	f.run(t, `var h = assertions.background.queryHolds('vector(1) == 1', {for: '1s', since: Date.now(), faultId: 'f-7'})`)
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("background call took %s, want at once", took)
	}
	var h struct {
		Kind, Subject string
		StartedAt     int64
		FaultID       string
		Done          bool
	}
	f.json(t, `{kind: h.kind, subject: h.subject, startedAt: h.startedAt, faultId: h.faultId, done: h.done, result: h.result()}`, &h)
	if h.Kind != "queryHolds" || h.Subject != "queryHolds(vector(1) == 1 for 1s)" || h.StartedAt < start.UnixMilli() || h.FaultID != "f-7" || h.Done {
		t.Errorf("handle %+v", h)
	}
	if f.run(t, `h.result() !== null`).ToBoolean() {
		t.Fatal("result() before the end of for")
	}
	f.run(t, `var got; h.wait().then(r => { got = r })`)
	f.vu.runLoop(t, 10*time.Second) // the recording callback
	f.vu.runLoop(t, time.Second)    // wait()'s
	var r jsResult
	f.json(t, `got`, &r)
	if r.Status != "pass" || r.FaultID == nil || *r.FaultID != "f-7" || len(r.Stages) != 1 {
		t.Errorf("wait() gave %+v", r)
	}
	if !f.run(t, `h.done && h.result().status === 'pass'`).ToBoolean() {
		t.Error("done or result() wrong after the end")
	}
	f.run(t, `h.wait()`) // resolves at once, records nothing more
	if n := len(f.checks()); n != 1 {
		t.Errorf("%d checks, want the result recorded once", n)
	}
	if n := len(f.vu.SamplesOf("time_to_detect")); n != 1 {
		t.Errorf("%d time_to_detect samples, want 1", n)
	}
	f.wantVerdict(t)
	if es := entries(t, f.results); len(es) != 1 {
		t.Errorf("results file %+v, want one line", es)
	}
}
