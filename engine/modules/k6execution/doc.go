// Package k6execution is the `k6/execution` module: information about the
// running VU, scenario and instance, the consolidated test options, VU
// tags (exec.vu.tags), test.abort() and test.fail().
//
// It reads the engine through modules.Execution, which the engine's VU
// implements; vu and scenario information is only available outside init
// code, as in k6.
package k6execution
