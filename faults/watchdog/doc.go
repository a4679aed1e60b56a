// Package watchdog is the lease keeper of fault runs that have no
// embedded stack: the stack's supervisor with no components, run as a
// detached process (`mcpchaos faults watchdog`), so that a fault on
// toxiproxy or Docker is reverted at its lease's expiry even when the
// runner that injected it dies.
//
// A watchdog serves one state directory, where it writes its URL, token
// and pid (State). Ensure finds the watchdog of a directory or starts
// one in its own session; the watchdog exits by itself once it has held
// no lease for its idle time (DefaultIdle), and Stop ends it at once
// (`mcpchaos faults revert --all`). Leases it still holds when it stops
// are reverted first.
package watchdog
