// Package faultsjs is the k6/x/faults module: scripts inject the faults
// of package faults and get a handle to wait for or revert each.
//
//	import faults from 'k6/x/faults';
//
//	export default async function () {
//	  const f = faults.latency({ target: 'downstream', latency: '500ms', duration: '30s' });
//	  // ... load runs meanwhile (other scenarios, or this VU) ...
//	  await f.wait(); // resolves once the fault has ended and its revert is confirmed
//	}
//
// The module is a thin adapter. An inject call converts its options
// object to the fault's spec through JSON (durations as "5s" strings or
// numbers of milliseconds, unknown keys refused), checks it, and blocks
// the VU until the fault is confirmed in effect, as http.get blocks until
// the answer; wait() returns a Promise settled on the VU's event loop;
// revert() blocks until the revert is confirmed.
//
// One faults.Injector serves the whole run: the root Module, created
// once per run by cmd/mcpchaos, builds it at the first injection from
// mcpchaos.yaml (sweeping what earlier runs left, each swept item logged
// as a warning), and ends it in EndRun, after every VU has closed,
// however the test ended: every fault still in effect is reverted there.
// A fault that could not be reverted makes the run exit 121
// (engine.ExitFaultNotReverted) even when the script caught the
// exception. index.d.ts types the API.
package faultsjs
