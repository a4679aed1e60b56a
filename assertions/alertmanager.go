package assertions

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"time"
)

// Alertmanager API v2 endpoints.
const (
	epAMAlerts = "/api/v2/alerts"
	epAMGroups = "/api/v2/alerts/groups"
)

// Alertmanager talks to Alertmanager's API v2. It keeps no history: what
// it holds is what is active (or recently resolved) now.
type Alertmanager struct{ ep *endpoint }

// AMAlert is an alert as Alertmanager holds it (GettableAlert).
type AMAlert struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    time.Time         `json:"startsAt"`
	EndsAt      time.Time         `json:"endsAt"`
	UpdatedAt   time.Time         `json:"updatedAt"`
	Fingerprint string            `json:"fingerprint"`
	Receivers   []struct {
		Name string `json:"name"`
	} `json:"receivers"`
	Status struct {
		// State is active, suppressed or unprocessed.
		State       string   `json:"state"`
		SilencedBy  []string `json:"silencedBy"`
		InhibitedBy []string `json:"inhibitedBy"`
	} `json:"status"`
}

// AMGroup is one alert group and the receiver it routes to.
type AMGroup struct {
	Labels   map[string]string `json:"labels"`
	Receiver struct {
		Name string `json:"name"`
	} `json:"receiver"`
	Alerts []AMAlert `json:"alerts"`
}

// Alerts lists the alerts whose labels match every matcher (label=value),
// silenced and inhibited ones included.
func (a *Alertmanager) Alerts(ctx context.Context, labels map[string]string) ([]AMAlert, error) {
	var out []AMAlert
	err := a.ep.getJSON(ctx, epAMAlerts, amFilter(labels), &out)
	return out, err
}

// Groups lists the alert groups whose alerts match labels.
func (a *Alertmanager) Groups(ctx context.Context, labels map[string]string) ([]AMGroup, error) {
	var out []AMGroup
	err := a.ep.getJSON(ctx, epAMGroups, amFilter(labels), &out)
	return out, err
}

// amFilter is the API's filter parameters: one label="value" matcher each.
func amFilter(labels map[string]string) url.Values {
	q := url.Values{}
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		q.Add("filter", fmt.Sprintf("%s=%q", k, labels[k]))
	}
	return q
}
