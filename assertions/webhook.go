package assertions

import (
	"context"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// Webhook reads a webhook sink that Alertmanager delivers to: GET
// <backends.webhook.url>/alerts lists the notifications received, with
// the sink's receipt time (the embedded stack's supervisor serves it).
type Webhook struct{ ep *endpoint }

// epWebhookAlerts is the sink's list, relative to the webhook URL.
const epWebhookAlerts = "/alerts"

// Notifications lists what the sink received, oldest first.
func (w *Webhook) Notifications(ctx context.Context) ([]control.Notification, error) {
	var out []control.Notification
	err := w.ep.getJSON(ctx, epWebhookAlerts, nil, &out)
	return out, err
}
