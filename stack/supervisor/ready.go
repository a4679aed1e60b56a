package supervisor

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// readiness checks one component's Probe.
type readiness struct {
	probe  Probe
	client *http.Client
}

func newReadiness(p Probe) *readiness {
	return &readiness{probe: p, client: &http.Client{
		Timeout: time.Second,
		Transport: &http.Transport{
			// The stack's own test CA signs the server's certificate; the
			// probe only asks "does it answer", the TLS checks are the
			// synthetic probe's job.
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // loopback readiness only
			DisableKeepAlives: true,
		},
	}}
}

func (r *readiness) String() string {
	switch {
	case r.probe.HTTP != "":
		return r.probe.HTTP
	case r.probe.TCP != "":
		return "tcp://" + r.probe.TCP
	}
	return ""
}

// check returns nil when the component is ready.
func (r *readiness) check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	switch {
	case r.probe.HTTP != "":
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.probe.HTTP, nil)
		if err != nil {
			return err
		}
		resp, err := r.client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("GET %s: HTTP %d", r.probe.HTTP, resp.StatusCode)
		}
	case r.probe.TCP != "":
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", r.probe.TCP)
		if err != nil {
			return err
		}
		c.Close()
	}
	return nil
}

// watchReady polls readiness while the process lives: often until ready,
// then every few seconds as a health check.
func (p *proc) watchReady(exited <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-exited
		cancel()
	}()
	interval := 200 * time.Millisecond
	for {
		err := p.ready.check(ctx)
		if ctx.Err() != nil {
			return
		}
		p.setReady(err)
		if err == nil {
			interval = 5 * time.Second
		}
		select {
		case <-exited:
			return
		case <-time.After(interval):
		}
	}
}

func (p *proc) setReady(err error) {
	p.mu.Lock()
	if p.cmd == nil {
		p.mu.Unlock()
		return
	}
	p.isReady = err == nil
	if err == nil {
		if p.state == control.StateStarting {
			p.state = control.StateRunning
		}
		p.lastErr = ""
	} else if p.state == control.StateRunning {
		p.lastErr = "unhealthy: " + err.Error()
	}
	ready := p.isReady
	p.mu.Unlock()
	v := 0.0
	if ready {
		v = 1
	}
	p.m.ready.WithLabelValues(p.spec.Name).Set(v)
}
