package control

// Endpoint paths of the supervisor's HTTP API.
const (
	PathHealth        = "/healthz"
	PathMetrics       = "/metrics"
	PathWebhook       = "/webhook"
	PathWebhookAlerts = "/webhook/alerts"
	PathStatus        = "/api/v1/status"
	PathComponents    = "/api/v1/components"
	PathActions       = "/api/v1/actions"
	PathLeases        = "/api/v1/leases"
	PathShutdown      = "/api/v1/shutdown"
)
