// Package stacktest brings one real embedded stack up for a package's
// tests (from TestMain): it builds this module's mcpchaos binary (the
// supervisor, probe and reference fixtures run from it) into a temporary
// directory and starts the stack there. The caller takes it down.
package stacktest
