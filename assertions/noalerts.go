package assertions

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// AlwaysFiring are alerts that fire all the time by design (dead man's
// switches: the stack's MCPChaosWatchdog, kube-prometheus's Watchdog);
// NoAlertsFire leaves them out.
var AlwaysFiring = []string{"MCPChaosWatchdog", "Watchdog"}

// NoAlertsFire expects no alert to fire between Since and Until (zero:
// the time of evaluation), except those named in Except and the
// AlwaysFiring ones: a quiet baseline, or "nothing else went off" during
// a fault. Labels narrows it to alerts with those labels (severity). It
// reads Prometheus's ALERTS history, so an alert that fired and resolved
// between polls is seen, and the webhook sink's notifications when it is
// configured. An Until in the future is waited for.
type NoAlertsFire struct {
	Since  time.Time         `json:"since"`
	Until  time.Time         `json:"until"`
	Except []string          `json:"except"`
	Labels map[string]string `json:"labels"`
	// Within bounds the retries of a backend that does not answer.
	Within time.Duration `json:"within"`
}

var _ Expectation = NoAlertsFire{}

func (NoAlertsFire) Kind() string { return "noAlertsFire" }

func (e NoAlertsFire) String() string {
	s := "noAlertsFire(" + labelSuffix(e.Labels)
	if len(e.Except) > 0 {
		s += "except " + strings.Join(e.Except, ", ")
	}
	return s + ")"
}

// Fired is an alert that went off in the window.
type Fired struct {
	Name     string            `json:"name"`
	Labels   map[string]string `json:"labels"`
	FiringAt time.Time         `json:"firingAt"`
	// Source is prometheus (the ALERTS history) or webhook.
	Source string `json:"source"`
}

// Evaluate waits for Until, then reads the window once.
func (e NoAlertsFire) Evaluate(ctx context.Context, b *Backends) Result {
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return errorResult(e, err)
	}
	matchers := map[string]string{"alertstate": "firing"}
	for k, v := range e.Labels {
		matchers[k] = v
	}
	sel, err := selector("ALERTS", matchers)
	if err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "prometheus", e.Since)
	since := orStart(e.Since, r.Started)
	if !r.waitUntil(ctx, e.Until, "the end of the window") {
		return r
	}
	r.Started = time.Now()
	within := e.Within
	if within <= 0 {
		within = 10 * time.Second
	}
	await(ctx, &r, within, func(ctx context.Context) observation {
		until := e.Until
		if until.IsZero() || until.After(time.Now()) {
			until = time.Now()
		}
		o := observation{query: sel}
		fired, err := e.fired(ctx, b, matchers, since, until)
		if err != nil {
			o.err, o.why = err, err.Error()
			return o
		}
		o.last = fired
		if len(fired) == 0 {
			o.held = true
			o.why = fmt.Sprintf("no alert fired from %s to %s", since.Format(time.RFC3339), until.Format(time.RFC3339))
			return o
		}
		o.final = true
		parts := make([]string, 0, len(fired))
		for _, f := range fired {
			parts = append(parts, fmt.Sprintf("%s%s at %s (%s)", f.Name, labelString(without(f.Labels, "alertname")), f.FiringAt.Format(time.RFC3339), f.Source))
		}
		o.why = fmt.Sprintf("%d alert(s) fired from %s to %s: %s", len(fired), since.Format(time.RFC3339), until.Format(time.RFC3339), strings.Join(parts, "; "))
		return o
	})
	return r
}

// fired lists the alerts not excepted that fired in the window, from
// both sources, one entry per alert and label set.
func (e NoAlertsFire) fired(ctx context.Context, b *Backends, matchers map[string]string, since, until time.Time) ([]Fired, error) {
	occ, err := b.Prometheus.AlertHistory(ctx, matchers, since, until)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Fired
	add := func(f Fired) {
		name := f.Labels["alertname"]
		key := labelString(f.Labels)
		if slices.Contains(e.Except, name) || slices.Contains(AlwaysFiring, name) || seen[key] {
			return
		}
		seen[key] = true
		f.Name = name
		out = append(out, f)
	}
	for _, o := range occ {
		add(Fired{Labels: o.Labels, FiringAt: o.FiringAt, Source: "prometheus"})
	}
	if b.Webhook != nil {
		ns, err := b.Webhook.Notifications(ctx)
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			if n.ReceivedAt.Before(since) || n.ReceivedAt.After(until) {
				continue
			}
			for _, a := range n.Alerts {
				if a.Status == "firing" && subset(e.Labels, a.Labels) {
					add(Fired{Labels: a.Labels, FiringAt: a.StartsAt, Source: "webhook"})
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FiringAt.Before(out[j].FiringAt) })
	return out, nil
}

func without(m map[string]string, key string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}
