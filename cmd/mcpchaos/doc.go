// Command mcpchaos wires the engine, its JavaScript modules, the embedded
// stack, the probe and the reference fixtures into one CLI. Modules are
// registered here explicitly; no package registers itself at init time.
package main
