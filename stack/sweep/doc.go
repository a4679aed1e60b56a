// Package sweep finds and kills the processes of one embedded stack. Every
// process the supervisor starts, and everything those start in turn,
// inherits the marker variable MCPCHAOS_STACK_INSTANCE=<instance> in its
// environment; sweep reads /proc/PID/environ to find them. `stack down`,
// the supervisor's watchdog and the tests use it to prove that no process
// of a stack is left behind.
package sweep
