package assertions

// Webhook reads the stack's webhook sink (what Alertmanager delivered).
type Webhook struct{ ep *endpoint }
