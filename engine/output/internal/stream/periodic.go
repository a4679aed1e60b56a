package stream

import (
	"sync"
	"time"
)

// Periodic calls onTick every interval, and onKick when kick fires, from
// one goroutine, until Stop.
type Periodic struct {
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// StartPeriodic starts the calls. A nil kick never fires.
func StartPeriodic(interval time.Duration, kick <-chan struct{}, onTick, onKick func()) *Periodic {
	p := &Periodic{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				onTick()
			case <-kick:
				onKick()
			}
		}
	}()
	return p
}

// Stop ends the calls and waits for a running one; safe to call twice and
// on nil. It calls neither function: the output flushes once more itself.
func (p *Periodic) Stop() {
	if p == nil {
		return
	}
	p.stopOnce.Do(func() { close(p.stop) })
	<-p.done
}
