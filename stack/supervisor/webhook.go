package supervisor

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// maxNotifications bounds what the sink keeps.
const maxNotifications = 1000

// sink stores Alertmanager webhook deliveries so assertions can prove that
// an alert reached a receiver.
type sink struct {
	m  *metrics
	mu sync.Mutex
	ns []control.Notification
}

func (k *sink) receive(w http.ResponseWriter, r *http.Request) {
	var n control.Notification
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<20)).Decode(&n); err != nil {
		writeErr(w, fmt.Errorf("webhook body is not an Alertmanager notification: %v: %w", err, control.ErrBadRequest))
		return
	}
	n.ReceivedAt = time.Now()
	for _, a := range n.Alerts {
		k.m.notifications.WithLabelValues(a.Labels["alertname"], a.Status).Inc()
	}
	k.mu.Lock()
	k.ns = append(k.ns, n)
	if len(k.ns) > maxNotifications {
		k.ns = k.ns[len(k.ns)-maxNotifications:]
	}
	k.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (k *sink) list(w http.ResponseWriter, _ *http.Request) {
	k.mu.Lock()
	out := append([]control.Notification{}, k.ns...)
	k.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}
