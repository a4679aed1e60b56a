// A run that ends as __ENV.END says; k6/x/ender counts its VUs' closes
// and gives the run its verdict at the end.
import { check } from 'k6';
import exec from 'k6/execution';
import { touch } from 'k6/x/ender';

export const options = {
  scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } },
  thresholds: { checks: ['rate==1'] },
};

export function setup() {
  if (__ENV.END === 'setup-throws') throw new Error('boom in setup');
}

export default function () {
  touch();
  if (__ENV.END === 'abort' && __ITER === 1) exec.test.abort('enough');
  check(null, { ok: () => __ENV.END !== 'thresholds' });
}
