// Package certs makes the embedded stack's test PKI: a CA, and server
// certificates it signs for loopback names with any validity window,
// including already expired or soon expiring ones for the TLS-expiry
// fault. Keys are ECDSA P-256; everything is PEM.
package certs
