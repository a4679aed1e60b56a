// Package supervisor runs the embedded stack's components as child
// processes and owns them the way a container runtime owns containers.
//
// It reads a Manifest (what to run, written by package stack), starts every
// component in its own process group with Pdeathsig SIGKILL (so a
// supervisor killed with SIGKILL takes its children with it), puts the
// components that OOM faults may hit into their own memory cgroup, restarts
// them by policy with backoff, classifies every exit (code, signal, or an
// oom_kill from the cgroup's counters) and exports all of it as Prometheus
// metrics (mcpchaos_component_up, _restarts_total, _oom_kills_total, ...).
//
// On loopback it serves the control API of package control (bearer token),
// leases that it reverts by itself at expiry and at shutdown, /metrics, and
// the Alertmanager webhook sink (/webhook) that assertions read back.
//
// On SIGTERM or a shutdown request it reverts leases, stops the components
// (SIGTERM, then SIGKILL after a grace), removes its cgroups and returns.
package supervisor
