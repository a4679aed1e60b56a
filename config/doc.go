// Package config loads mcpchaos.yaml: the MCP target(s) under test, the
// observability backends, the fault targets and drivers, and the metric
// name preset. `mcpchaos stack up` writes one for the embedded stack; users
// write their own for staging. Environment variables MCPCHAOS_<PATH>
// override single values (MCPCHAOS_BACKENDS_PROMETHEUS_URL=...). Unknown
// keys are errors, and Validate reports every problem at once.
package config
