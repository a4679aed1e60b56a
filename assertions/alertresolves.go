package assertions

import (
	"context"
	"fmt"
	"time"
)

// AlertResolves expects the alert Name (with Labels among its labels),
// which went off, to stop after After (a fault's revertedAt) within
// Within plus the rule's keep_firing_for, which Prometheus adds on
// purpose. Stages: resolved (Prometheus stopped holding it, to one rule
// evaluation), alertmanager (no longer active there), webhook (a
// resolved notification, when the sink is configured).
type AlertResolves struct {
	Name   string            `json:"name"`
	Labels map[string]string `json:"labels"`
	After  time.Time         `json:"after"`
	Within time.Duration     `json:"within"`
}

var _ Expectation = AlertResolves{}

func (AlertResolves) Kind() string { return "alertResolves" }

func (e AlertResolves) String() string {
	return fmt.Sprintf("alertResolves(%s%s)", e.Name, labelSuffix(e.Labels))
}

// Evaluate polls until the alert has no active occurrence and the
// configured downstream stages agree.
func (e AlertResolves) Evaluate(ctx context.Context, b *Backends) Result {
	if err := validAlert(e.Name, e.Labels); err != nil {
		return errorResult(e, err)
	}
	if err := need(b.Prometheus != nil, "prometheus"); err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "prometheus", e.After)
	r.Target = e.Name
	rule, ok := checkRule(ctx, &r, b, e.Name)
	if !ok {
		return r
	}
	within := e.Within
	if within <= 0 {
		within = DefaultWithin
	}
	within += rule.KeepFiringFor
	after := orStart(e.After, r.Started)
	matchers := withName(e.Name, e.Labels)
	sel, _ := selector("ALERTS", matchers)
	await(ctx, &r, within, func(ctx context.Context) observation {
		o := observation{query: sel}
		occ, err := b.Prometheus.AlertHistory(ctx, matchers, after.Add(-lookbehind), time.Now())
		if err != nil {
			o.err, o.why = err, err.Error()
			return o
		}
		if len(occ) == 0 {
			o.final = true
			o.why = fmt.Sprintf("%s was not active at any time since %s: there is nothing to resolve (did it fire?)", e.Name, after.Add(-lookbehind).Format(time.RFC3339))
			return o
		}
		last := occ[len(occ)-1]
		o.last = last
		if last.Ongoing {
			o.why = fmt.Sprintf("%s still active (last evaluated active at %s)", e.Name, last.LastSeen.Format(time.RFC3339))
			if rule.KeepFiringFor > 0 {
				o.why += fmt.Sprintf("; keep_firing_for is %s", rule.KeepFiringFor)
			}
			return o
		}
		r.stage(StageResolved, last.EndedAt())
		if b.Alertmanager != nil {
			done, err := e.alertmanagerResolved(ctx, &r, b.Alertmanager, last)
			if err != nil || !done {
				o.err, o.why = err, fmt.Sprintf("%s resolved in Prometheus but still active in Alertmanager", e.Name)
				return o
			}
		}
		if b.Webhook != nil {
			done, err := e.webhookResolved(ctx, &r, b.Webhook, last)
			if err != nil || !done {
				o.err, o.why = err, fmt.Sprintf("%s resolved in Prometheus but the webhook sink got no resolved notification", e.Name)
				return o
			}
		}
		o.held = true
		o.at = r.Stages[len(r.Stages)-1].At
		o.why = fmt.Sprintf("%s resolved at %s", e.Name, o.at.Format(time.RFC3339Nano))
		return o
	})
	return r
}

func (e AlertResolves) alertmanagerResolved(ctx context.Context, r *Result, am *Alertmanager, last Occurrence) (bool, error) {
	alerts, err := am.Alerts(ctx, withName(e.Name, e.Labels))
	if err != nil {
		return false, err
	}
	now := time.Now()
	for _, a := range alerts {
		if subset(last.Labels, a.Labels) && (a.EndsAt.IsZero() || a.EndsAt.After(now)) {
			return false, nil
		}
	}
	r.stage(StageAlertmanager, now)
	return true, nil
}

func (e AlertResolves) webhookResolved(ctx context.Context, r *Result, w *Webhook, last Occurrence) (bool, error) {
	ns, err := w.Notifications(ctx)
	if err != nil {
		return false, err
	}
	for _, n := range ns {
		for _, a := range n.Alerts {
			if a.Status == "resolved" && subset(last.Labels, a.Labels) && !n.ReceivedAt.Before(last.LastSeen) {
				r.stage(StageWebhook, n.ReceivedAt)
				return true, nil
			}
		}
	}
	return false, nil
}
