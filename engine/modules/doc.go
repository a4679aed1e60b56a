// Package modules is the contract between the engine and the JavaScript
// modules scripts import (`k6`, `k6/metrics`, `k6/x/mcp`, ...).
//
// A Module is created once per run by cmd/mcpchaos and registered with the
// engine under its import path. For each VU the engine calls NewInstance
// with that VU; the instance's Exports become the module's ES exports.
// Module code reads run-wide facilities (metric registry, config, logger,
// files) from VU.InitEnv and per-iteration state (tags, sample pusher,
// iteration numbers) from VU.State, which is nil while init code runs.
//
// Only adapters import sobek: the Go APIs of faults, assertions and the MCP
// client stay usable from plain Go.
package modules
