// Package config loads mcpchaos.yaml: the MCP target(s) under test, the
// observability backends, the fault targets and drivers, and the metric
// name preset. `mcpchaos stack up` writes one for the embedded stack; users
// write their own for staging. Environment variables MCPCHAOS_<PATH>
// override single values (MCPCHAOS_BACKENDS_PROMETHEUS_URL=...). Unknown
// keys in the file are errors, and so is an MCPCHAOS_ variable within an
// edit or two of a key (MCPCHAOS_MCP_URLL); other MCPCHAOS_ variables may
// belong to another part of the tool or to the user's scripts, and Load
// hands their names to the caller (WithUnknownEnv). Load and Validate
// report every problem at once.
package config
