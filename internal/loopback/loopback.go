// Package loopback tells whether an address stays on this machine: the
// faults and the supervisor's revert requests touch nothing else.
package loopback

import "net"

// Host reports whether host (a name or an IP, no port) is localhost or a
// loopback IP (127.0.0.0/8, ::1).
func Host(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
