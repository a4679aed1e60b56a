// Package cgroup puts supervised processes into their own memory cgroups so
// that an OOM fault is a real kernel OOM kill: it finds the memory
// controller (cgroup v2 when the unified hierarchy has it, else v1) from
// /proc/self/mounts and /proc/self/cgroup, creates one child group per
// component under the caller's own cgroup, sets and clears memory limits
// (v1 memory.limit_in_bytes, v2 memory.max), reads OOM kill counts (v1
// memory.oom_control, v2 memory.events), moves pids in, and kills and
// removes groups.
//
// When the hierarchy is not writable every error names the path and says
// what to do; callers may run without cgroups and report OOM faults as
// unavailable.
package cgroup
