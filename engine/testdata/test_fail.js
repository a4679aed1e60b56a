// exec.test.fail() marks the test failed and lets it run to its end
// (exit 110); with THRESHOLD=1 a crossed threshold wins (99).
import exec from 'k6/execution';
import { check } from 'k6';

export const options = {
  iterations: 4,
  thresholds: __ENV.THRESHOLD === '1' ? { checks: ['rate==1'] } : {},
};

export default function () {
  if (__ITER === 1) exec.test.fail('the canary said no');
  check(__ITER, { 'not the third': (i) => __ENV.THRESHOLD !== '1' || i !== 2 });
}

export function teardown() {
  check(true, { 'teardown ran': (v) => v });
}
