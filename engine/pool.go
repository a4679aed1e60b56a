package engine

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
)

// pool holds the run's initialized VUs; idle ones are reused across
// scenarios, and more are initialized on demand.
type pool struct {
	run    *runEnv
	mu     sync.Mutex
	idle   []*vu
	all    []*vu
	nextID atomic.Uint64
	active atomic.Int64 // VUs lent to executors
	peak   atomic.Int64 // most active VUs since the last vus sample
}

// lend and unlend count VUs lent to executors, tracking the peak.
func (p *pool) lend() {
	n := p.active.Add(1)
	for {
		old := p.peak.Load()
		if n <= old || p.peak.CompareAndSwap(old, n) {
			return
		}
	}
}

func (p *pool) unlend() { p.active.Add(-1) }

// samplePeak returns the most active VUs since the last call.
func (p *pool) samplePeak() int64 { return p.peak.Swap(p.active.Load()) }

// get returns an idle VU or initializes a new one.
func (p *pool) get(ctx context.Context) (*vu, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		v := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return v, nil
	}
	p.mu.Unlock()
	return p.create(ctx)
}

// create initializes a new VU (its init code runs now).
func (p *pool) create(ctx context.Context) (*vu, error) {
	v := newVU(ctx, p.run, p.nextID.Add(1))
	if err := v.evaluate(ctx); err != nil {
		_ = v.close()
		return nil, initError(v.id, err)
	}
	p.mu.Lock()
	p.all = append(p.all, v)
	p.mu.Unlock()
	return v, nil
}

// put returns a VU to the idle set.
func (p *pool) put(v *vu) {
	p.mu.Lock()
	p.idle = append(p.idle, v)
	p.mu.Unlock()
}

// initialized is the number of VUs ever initialized (vus_max).
func (p *pool) initialized() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return int64(len(p.all))
}

// preInit initializes n VUs in parallel and parks them idle.
func (p *pool) preInit(ctx context.Context, n int64) error {
	workers := min(int64(runtime.GOMAXPROCS(0)), n)
	jobs := make(chan struct{})
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				v, err := p.create(ctx)
				if err != nil {
					errs <- err
					return
				}
				p.put(v)
			}
		}()
	}
	var err error
feed:
	for range n {
		select {
		case jobs <- struct{}{}:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err == nil {
		err = <-errs
	}
	return err
}

// each calls fn for every VU initialized so far.
func (p *pool) each(fn func(*vu)) {
	p.mu.Lock()
	all := append([]*vu(nil), p.all...)
	p.mu.Unlock()
	for _, v := range all {
		fn(v)
	}
}

// close runs every VU's OnClose functions.
func (p *pool) close() error {
	var errs []error
	p.each(func(v *vu) {
		if err := v.close(); err != nil {
			errs = append(errs, err)
		}
	})
	return errors.Join(errs...)
}
