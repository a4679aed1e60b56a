// A long fault, then the test ends as __ENV.END says: throw (in setup:
// exit 107), abort (exec.test.abort(): 108) or sleep (until a signal).
import exec from 'k6/execution';
import { sleep } from 'k6';
import faults from 'k6/x/faults';

export const options = { iterations: 1 };

export function setup() {
  faults.latency({ target: 'downstream', latency: '500ms', duration: '60s' });
  if (__ENV.END === 'throw') throw new Error('boom after injecting');
}

export default function () {
  if (__ENV.END === 'abort') exec.test.abort('enough');
  if (__ENV.END === 'sleep') sleep(60);
}
