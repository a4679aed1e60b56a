// test.abort() ends the run with 108; teardown still runs.
import exec from 'k6/execution';
import { check, sleep } from 'k6';

export const options = { vus: 1, duration: '10s' };

export default function () {
  if (__ITER === 2) exec.test.abort('enough');
  sleep(0.01);
}

export function teardown() {
  check(true, { 'teardown ran': (v) => v });
}
