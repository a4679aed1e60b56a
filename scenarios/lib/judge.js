// judge.js — what every fault scenario does around its fault: wait for
// a quiet pipeline before injecting (no alert left from the last fault),
// and gate the run on the assertions.
import assertions from 'k6/x/assertions';
import { sleep } from 'k6';
import exec from 'k6/execution';

/** Alerts that fire by design all the time. */
const ALWAYS = 'MCPChaosWatchdog|Watchdog';

/**
 * Waits until no alert is pending or firing (the dead man's switches
 * aside) for up to `within`, and records it as an assertion: a fault
 * injected while the last one's alerts still fire could not be judged.
 */
export function quiet(within) {
  return assertions.queryHolds(`absent(ALERTS{alertname!~"${ALWAYS}"})`, { within: within || '60s' });
}

/** The thresholds that turn the assertions into the exit code. */
export const thresholds = {
  'checks{kind:assertion}': ['rate==1'],
};

/** Sleeps until the epoch time t (ms), if it is in the future. */
export function sleepUntil(t) {
  const d = t - Date.now();
  if (d > 0) {
    sleep(d / 1000);
  }
}

/** The alerts a scenario expects, plus the ones a fault may set off on its way. */
export function except(...names) {
  return names;
}

/**
 * Wraps a phase function so that an exception in it fails the run: in
 * k6 an exception only ends the iteration (the run still exits 0), and a
 * phase that stopped half way has left assertions unasked — a pass that
 * proves nothing. The failure is a failed assertion check naming the
 * phase and the exception, and exec.test.fail().
 */
export function judged(name, fn) {
  return async function () {
    try {
      await fn();
    } catch (e) {
      assertions.verify(`${name} ran to its end`, false, { why: `it stopped: ${e}` });
      exec.test.fail(`${name} stopped: ${e}`);
    }
  };
}
