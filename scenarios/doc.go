// Package scenarios bundles the k6 scripts shipped with mcpchaos
// (baseline.js, the fault scenarios, log-alert.js, suite.js, load.js, smoke.js) so `mcpchaos demo` can run them from an installed
// binary. The scripts are plain k6 scripts: run them with
// `mcpchaos run scenarios/NAME.js --config mcpchaos.yaml`.
package scenarios
