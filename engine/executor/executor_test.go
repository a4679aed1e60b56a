package executor

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRateSchedule(t *testing.T) {
	t.Parallel()
	sec := Duration(time.Second)
	tests := []struct {
		name   string
		start  int64
		stages []Stage
		n      int64
		want   time.Duration
		ok     bool
	}{
		{"constant first at once", 10, []Stage{{sec, 10}}, 0, 0, true},
		{"constant spaced", 10, []Stage{{sec, 10}}, 5, 500 * time.Millisecond, true},
		{"constant last fits", 10, []Stage{{sec, 10}}, 9, 900 * time.Millisecond, true},
		{"constant past the end", 10, []Stage{{sec, 10}}, 10, time.Second, false},
		// 0→20/s over 1s: cumulative 10 t²; the 1st iteration at sqrt(1/10) s.
		{"ramp from zero", 0, []Stage{{sec, 20}}, 0, 316 * time.Millisecond, true},
		{"ramp tenth at the end", 0, []Stage{{sec, 20}}, 9, time.Second, false},
		{"second stage", 10, []Stage{{sec, 10}, {sec, 10}}, 15, 1500 * time.Millisecond, true},
		{"zero-length stage jumps", 0, []Stage{{0, 10}, {sec, 10}}, 0, 100 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := newRateSchedule(time.Second, tt.start, tt.stages).at(tt.n)
			if ok != tt.ok || (got-tt.want).Abs() > time.Millisecond {
				t.Errorf("at(%d) = %v, %v; want %v, %v", tt.n, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestVUsAt(t *testing.T) {
	t.Parallel()
	stages := []Stage{{Duration(time.Second), 10}, {Duration(time.Second), 10}, {Duration(time.Second), 0}}
	for _, tc := range []struct {
		at   time.Duration
		want int64
	}{
		{0, 2}, {500 * time.Millisecond, 6}, {1500 * time.Millisecond, 10},
		{2500 * time.Millisecond, 5}, {2999 * time.Millisecond, 1}, {3 * time.Second, 0},
	} {
		if got := vusAt(2, stages, tc.at); got != tc.want {
			t.Errorf("vusAt(%v) = %d, want %d", tc.at, got, tc.want)
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw     string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{raw: `{"executor":"constant-vus","vus":3,"duration":"2s"}`, check: func(t *testing.T, c Config) {
			cv := c.(*ConstantVUs)
			if cv.VUs != 3 || cv.Duration.D() != 2*time.Second || cv.GracefulStop.D() != 30*time.Second {
				t.Errorf("got %+v", cv)
			}
		}},
		{raw: `{"executor":"shared-iterations","maxDuration":1500}`, check: func(t *testing.T, c Config) {
			if d := c.(*SharedIterations).MaxDuration.D(); d != 1500*time.Millisecond {
				t.Errorf("maxDuration %v, want 1.5s from milliseconds", d)
			}
		}},
		{raw: `{"executor":"ramping-arrival-rate","stages":[{"duration":"1d","target":1}]}`, check: func(t *testing.T, c Config) {
			if d := c.TotalDuration(); d != 24*time.Hour+30*time.Second {
				t.Errorf("total %v", d)
			}
		}},
		{raw: `{"vus":1}`, wantErr: `missing "executor"`},
		{raw: `{"executor":"nope"}`, wantErr: `unknown executor "nope"`},
		{raw: `{"executor":"constant-vus","stages":[]}`, wantErr: `unknown option "stages"`},
		{raw: `{"executor":"constant-vus","vus":"3"}`, wantErr: `option "vus": got a JSON string`},
		{raw: `{"executor":"constant-vus","duration":"soon"}`, wantErr: `invalid duration "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			t.Parallel()
			c, err := Parse("s", json.RawMessage(tt.raw))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, typ := range Names() {
		c, _ := New("bad name!", typ)
		errs := c.Validate()
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), "bad name!") {
			t.Errorf("%s: errors %v should start with the scenario name problem", typ, errs)
		}
	}
}

// fakeVU counts iterations and concurrency; iterations take d or end
// with ctx.
type fakeEnv struct {
	d                  time.Duration
	running, maxActive atomic.Int64
	active             atomic.Int64
	done, interrupted  atomic.Int64
	dropped            atomic.Int64
	mu                 sync.Mutex
}

type fakeVU struct {
	env *fakeEnv
	ctx context.Context
}

func (e *fakeEnv) Env() Env {
	return Env{
		Acquire: func(ctx context.Context) (VU, error) {
			n := e.active.Add(1)
			e.mu.Lock()
			if n > e.maxActive.Load() {
				e.maxActive.Store(n)
			}
			e.mu.Unlock()
			return &fakeVU{env: e, ctx: ctx}, nil
		},
		Dropped: func(n int64) { e.dropped.Add(n) },
	}
}

func (v *fakeVU) Iterate(int64) bool {
	t := time.NewTimer(v.env.d)
	defer t.Stop()
	select {
	case <-t.C:
		v.env.done.Add(1)
		return true
	case <-v.ctx.Done():
		v.env.interrupted.Add(1)
		return false
	}
}

func (v *fakeVU) Release() { v.env.active.Add(-1) }

func TestRampingVUsRampsDownGracefully(t *testing.T) {
	t.Parallel()
	c := NewRampingVUs("r")
	c.StartVUs = 0
	c.GracefulRampDown = Duration(50 * time.Millisecond)
	// Up to 5 VUs, at once down to 1: four VUs get 50ms to finish.
	c.Stages = []Stage{{Duration(200 * time.Millisecond), 5}, {Duration(100 * time.Millisecond), 5}, {0, 1}, {Duration(300 * time.Millisecond), 1}}
	env := &fakeEnv{d: 500 * time.Millisecond}
	start := time.Now()
	if err := c.NewExecutor().Run(context.Background(), env.Env()); err != nil {
		t.Fatal(err)
	}
	if env.maxActive.Load() != 5 {
		t.Errorf("max active VUs %d, want 5", env.maxActive.Load())
	}
	if n := env.interrupted.Load(); n < 4 {
		t.Errorf("%d interrupted iterations; the 4 ramped-down VUs' 500ms iterations should be cut by the 50ms gracefulRampDown", n)
	}
	if el := time.Since(start); el > 1500*time.Millisecond {
		t.Errorf("took %v", el)
	}
	if env.active.Load() != 0 {
		t.Errorf("%d VUs not released", env.active.Load())
	}
}

func TestCancelStopsAtOnce(t *testing.T) {
	t.Parallel()
	for _, typ := range Names() {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			var raw string
			switch typ {
			case RampingVUsType:
				raw = `{"executor":"ramping-vus","stages":[{"duration":"10s","target":2}]}`
			case ConstantArrivalRateType:
				raw = `{"executor":"constant-arrival-rate","rate":10,"duration":"10s","preAllocatedVUs":2}`
			case RampingArrivalRateType:
				raw = `{"executor":"ramping-arrival-rate","startRate":10,"preAllocatedVUs":2,"stages":[{"duration":"10s","target":10}]}`
			case ConstantVUsType:
				raw = `{"executor":"constant-vus","vus":2,"duration":"10s"}`
			default:
				raw = `{"executor":"` + typ + `","vus":2,"iterations":1000}`
			}
			c, err := Parse("s", json.RawMessage(raw))
			if err != nil {
				t.Fatal(err)
			}
			env := &fakeEnv{d: time.Hour}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			if err := c.NewExecutor().Run(ctx, env.Env()); err != nil {
				t.Fatal(err)
			}
			if el := time.Since(start); el > time.Second {
				t.Errorf("stopped after %v", el)
			}
			if env.active.Load() != 0 {
				t.Errorf("%d VUs not released", env.active.Load())
			}
		})
	}
}
