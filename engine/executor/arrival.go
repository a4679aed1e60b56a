package executor

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// rateSchedule says when each iteration of an arrival-rate executor
// starts: the rate (per second) is linear within each segment.
type rateSchedule struct {
	segs  []rateSegment
	total time.Duration
	// offset is 0 when the rate starts above zero (the first iteration
	// starts at once) and 1 otherwise.
	offset float64
}

type rateSegment struct {
	dur    float64 // seconds
	r0, r1 float64 // iterations per second at the start and end
}

func newRateSchedule(unit time.Duration, startRate int64, stages []Stage) rateSchedule {
	perSec := func(r int64) float64 { return float64(r) / unit.Seconds() }
	s := rateSchedule{offset: 1}
	if startRate > 0 {
		s.offset = 0
	}
	from := perSec(startRate)
	for _, st := range stages {
		to := perSec(st.Target)
		s.segs = append(s.segs, rateSegment{dur: st.Duration.D().Seconds(), r0: from, r1: to})
		s.total += st.Duration.D()
		from = to
	}
	return s
}

// at returns when iteration n (0-based) starts, from the scenario start;
// ok is false when it falls at or after the end.
func (s rateSchedule) at(n int64) (time.Duration, bool) {
	k := float64(n) + s.offset
	var t, c float64 // seconds and iterations before the segment
	for _, g := range s.segs {
		area := (g.r0 + g.r1) / 2 * g.dur
		if g.dur > 0 && k <= c+area {
			need := k - c
			a := (g.r1 - g.r0) / (2 * g.dur)
			disc := g.r0*g.r0 + 4*a*need
			tau := 0.0
			if den := g.r0 + math.Sqrt(math.Max(disc, 0)); den > 0 {
				tau = 2 * need / den
			}
			at := time.Duration((t + tau) * float64(time.Second))
			return at, at < s.total
		}
		t += g.dur
		c += area
	}
	return s.total, false
}

// arrivalRun starts iterations on a schedule with a growing set of VUs.
type arrivalRun struct {
	env             Env
	w               *window
	sched           rateSchedule
	preAlloc, maxVU int64
	segment         *Tuple // nil: every iteration of the schedule

	idle     chan *arrivalWorker // workers ready for an iteration
	wg       sync.WaitGroup
	vus      atomic.Int64
	growing  atomic.Bool
	errOnce  sync.Once
	firstErr error
}

type arrivalWorker struct {
	vu   VU
	work chan int64
}

func (r *arrivalRun) fail(err error) {
	r.errOnce.Do(func() { r.firstErr = err })
	r.w.cancelHard()
}

// addVU initializes (or takes an idle) VU and starts its worker.
func (r *arrivalRun) addVU() error {
	vu, err := r.env.Acquire(r.w.hard)
	if err != nil {
		return err
	}
	r.vus.Add(1)
	wk := &arrivalWorker{vu: vu, work: make(chan int64, 1)}
	r.idle <- wk
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer vu.Release()
		for {
			select {
			case n := <-wk.work:
				vu.Iterate(n)
				r.idle <- wk
			case <-r.w.soft.Done():
				return
			}
		}
	}()
	return nil
}

// grow adds one VU in the background when the limit allows.
func (r *arrivalRun) grow() {
	if r.vus.Load() >= r.maxVU || !r.growing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer r.growing.Store(false)
		if err := r.addVU(); err != nil && r.w.hard.Err() == nil {
			r.fail(err)
		}
	}()
}

func (r *arrivalRun) run(clk *clock) error {
	r.idle = make(chan *arrivalWorker, r.maxVU)
	var pre sync.WaitGroup
	for range r.preAlloc {
		pre.Add(1)
		go func() {
			defer pre.Done()
			if err := r.addVU(); err != nil {
				r.fail(err)
			}
		}()
	}
	pre.Wait()
	start := clk.begin()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var dropped int64
loop:
	for n := int64(0); !r.w.stopped(); n++ {
		if !r.segment.Owns(n) {
			continue
		}
		at, ok := r.sched.at(n)
		if !ok {
			break
		}
		if d := at - time.Since(start); d > 0 {
			if dropped > 0 {
				r.env.Dropped(dropped)
				dropped = 0
			}
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-r.w.soft.Done():
				break loop
			}
		}
		select {
		case wk := <-r.idle:
			wk.work <- n
		default:
			dropped++
			r.grow()
		}
	}
	if dropped > 0 {
		r.env.Dropped(dropped)
	}
	<-r.w.soft.Done()
	r.wg.Wait()
	return r.firstErr
}

// runArrival runs an arrival-rate schedule inside a new window.
func runArrival(ctx context.Context, env Env, clk *clock, sched rateSchedule, grace time.Duration, cfg *arrivalConfig) error {
	w := newWindow(ctx, sched.total, grace)
	defer w.close()
	r := &arrivalRun{env: env, w: w, sched: sched, preAlloc: cfg.PreAllocatedVUs, maxVU: cfg.MaxVUs(), segment: cfg.segment}
	return r.run(clk)
}

// arrivalConfig is what the arrival-rate executors share.
type arrivalConfig struct {
	BaseConfig
	TimeUnit        Duration `json:"timeUnit"`
	PreAllocatedVUs int64    `json:"preAllocatedVUs"`
	// MaxVUsOpt is the maxVUs option (0: same as preAllocatedVUs).
	MaxVUsOpt int64 `json:"maxVUs"`
	// segment, when set, is the execution segment: only the iterations
	// of the schedule it owns start (ApplySegment).
	segment *Tuple
}

func newArrivalConfig(name, typ string) arrivalConfig {
	return arrivalConfig{BaseConfig: newBase(name, typ), TimeUnit: Duration(time.Second)}
}

// InitVUs implements Config.
func (c *arrivalConfig) InitVUs() int64 { return c.PreAllocatedVUs }

// MaxVUs implements Config.
func (c *arrivalConfig) MaxVUs() int64 { return max(c.MaxVUsOpt, c.PreAllocatedVUs) }

func (c *arrivalConfig) validateArrival() []error {
	errs := c.validate()
	if c.TimeUnit <= 0 {
		errs = append(errs, c.errorf("timeUnit must be positive, got %s", c.TimeUnit))
	}
	if c.PreAllocatedVUs < 0 {
		errs = append(errs, c.errorf("preAllocatedVUs must not be negative, got %d", c.PreAllocatedVUs))
	}
	if c.MaxVUsOpt != 0 && c.MaxVUsOpt < c.PreAllocatedVUs {
		errs = append(errs, c.errorf("maxVUs (%d) must not be less than preAllocatedVUs (%d)", c.MaxVUsOpt, c.PreAllocatedVUs))
	}
	if c.MaxVUs() == 0 {
		errs = append(errs, c.errorf("preAllocatedVUs or maxVUs must be above 0"))
	}
	return errs
}
