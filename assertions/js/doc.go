// Package assertionsjs is the k6/x/assertions module: scripts check the
// observability pipeline with the expectations of package assertions
// and the run's verdict follows.
//
//	import assertions from 'k6/x/assertions';
//	import faults from 'k6/x/faults';
//
//	export const options = { thresholds: { 'checks{kind:assertion}': ['rate==1'] } };
//
//	export default async function () {
//	  const f = faults.latency({ target: 'downstream', latency: '2s', duration: '1m' });
//	  const slow = assertions.background.queryHolds('histogram_quantile(0.99, ...) > 1', { since: f, within: '45s' });
//	  // ... load runs meanwhile (other scenarios, or this VU) ...
//	  const r = await slow.wait(); // r.status: 'pass' | 'fail' | 'error'
//	}
//
// The module is a thin adapter over assertions.Expectation, generic over
// the expectation types: expectations.go lists them, one line each (its
// name in scripts, its Go type, the fields its positional arguments
// fill). An options object is decoded by the struct's json names,
// exactly (decode.go): durations as "5s" or milliseconds, times as
// milliseconds since the epoch, Dates, RFC 3339 strings or a fault
// handle of k6/x/faults, which also names the fault the result refers
// to.
//
// Each call records its Result three ways: a check on the built-in
// checks metric tagged kind:assertion, assertion:<name> and
// check:<subject>, counted in the end-of-test summary as check() counts
// (so a threshold `checks{kind:assertion}: ['rate==1']` gates the run);
// a time_to_detect trend sample per time-to-detect stage, tagged
// stage:<name> and alert:<subject>; and a line of the run's results file
// (JSON lines of assertions.Entry, default mcpchaos-assertions.jsonl).
//
// assertions.<name>(...) blocks the VU until the verdict, as http.get
// blocks; assertions.background.<name>(...) returns a handle at once,
// with result() (null until done) and wait() (a Promise of the result).
// The iteration waits for a background expectation as for any pending
// promise; one still running when its scenario or the run ends is
// awaited by EndRun (up to WithEndWait), then stopped and recorded as
// Error — never dropped.
//
// The verdict: a Fail only fails its check (thresholds decide). Any
// Error of the run — a backend down, a query rejected, invalid options,
// a config problem, an expectation stopped by the end of the run — makes
// EndRun return exit 120 (engine.ExitCouldNotEvaluate) naming it, even
// when the script caught the exception. Calls that could not ask
// anything (invalid options, config) also throw an AssertionError naming
// the option; so do calls in init code. index.d.ts types the API.
package assertionsjs
