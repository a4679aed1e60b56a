package assertions

import (
	"context"
	"fmt"
	"time"
)

// AlertDelivered expects a firing notification of the alert Name (with
// Labels among its labels) to reach the webhook sink after Since, for
// Receiver when set, within Within. Alertmanager's API shows routing,
// not delivery, so this needs backends.webhook.
type AlertDelivered struct {
	Name     string            `json:"name"`
	Labels   map[string]string `json:"labels"`
	Receiver string            `json:"receiver"`
	Since    time.Time         `json:"since"`
	Within   time.Duration     `json:"within"`
}

var _ Expectation = AlertDelivered{}

func (AlertDelivered) Kind() string { return "alertDelivered" }

func (e AlertDelivered) String() string {
	s := fmt.Sprintf("alertDelivered(%s%s", e.Name, labelSuffix(e.Labels))
	if e.Receiver != "" {
		s += " to " + e.Receiver
	}
	return s + ")"
}

// Evaluate polls the webhook sink.
func (e AlertDelivered) Evaluate(ctx context.Context, b *Backends) Result {
	if err := validAlert(e.Name, e.Labels); err != nil {
		return errorResult(e, err)
	}
	if err := need(b.Webhook != nil, "webhook"); err != nil {
		return errorResult(e, err)
	}
	r := newResult(e, "webhook", e.Since)
	r.Target = e.Name
	want := withName(e.Name, e.Labels)
	await(ctx, &r, e.Within, func(ctx context.Context) observation {
		o := observation{query: "GET " + b.Webhook.ep.url(epWebhookAlerts, nil)}
		ns, err := b.Webhook.Notifications(ctx)
		if err != nil {
			o.err, o.why = err, err.Error()
			return o
		}
		others := map[string]bool{}
		for _, n := range ns {
			if n.ReceivedAt.Before(e.Since) {
				continue
			}
			for _, a := range n.Alerts {
				if a.Status != "firing" || !subset(want, a.Labels) {
					continue
				}
				if e.Receiver != "" && n.Receiver != e.Receiver {
					others[n.Receiver] = true
					continue
				}
				r.stage(StageWebhook, n.ReceivedAt)
				o.held, o.at, o.last = true, n.ReceivedAt, n.Receiver
				o.why = fmt.Sprintf("delivered to %s at %s", n.Receiver, n.ReceivedAt.Format(time.RFC3339Nano))
				return o
			}
		}
		o.why = fmt.Sprintf("no firing notification of %s received since %s", e.Name, e.Since.Format(time.RFC3339))
		if len(others) > 0 {
			o.why += fmt.Sprintf(" for receiver %s (it went to %v)", e.Receiver, keys(others))
		}
		return o
	})
	return r
}
