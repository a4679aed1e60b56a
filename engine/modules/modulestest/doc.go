// Package modulestest runs module code in tests: a fake modules.VU over
// a real sobek runtime, with a run Registry and built-in metrics, that
// switches from init to iteration state on demand and collects every
// pushed sample.
package modulestest
