package assertions

// Alertmanager talks to Alertmanager's API v2.
type Alertmanager struct{ ep *endpoint }
