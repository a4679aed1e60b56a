// Package control is the embedded stack supervisor's HTTP API: its request
// and response types and a client. Fault drivers use it to stop and start
// components, send signals, set and clear cgroup memory limits and swap TLS
// certificates, each either at once or under a lease with a TTL that the
// supervisor reverts by itself at expiry (and when it shuts down), so a
// fault never outlives a runner that died.
//
// The API listens on loopback only. Everything under /api/ needs the bearer
// token that `mcpchaos stack up` writes (mode 0600) into the stack
// directory; /metrics, /healthz and the Alertmanager webhook sink
// (/webhook, /webhook/alerts) do not.
//
// A failure is answered with {"error": "...", "errorType": "..."}; the
// client returns it as an *Error, and errors.Is matches it by its
// ErrorType against the sentinels in errors.go (ErrUnknownLease,
// ErrShuttingDown, ...), each of which has a type of its own.
package control
