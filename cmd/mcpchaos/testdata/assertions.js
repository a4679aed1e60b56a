// One expectation on the run's Prometheus, gated by a threshold on the
// assertion checks, as k6's docs gate checks:
// https://grafana.com/docs/k6/latest/using-k6/thresholds/#fail-a-load-test-using-checks
import assertions from 'k6/x/assertions';

export const options = {
  iterations: 1,
  thresholds: {
    'checks{kind:assertion}': ['rate==1'],
  },
};

export default function () {
  if (!__ENV.QUERY) {
    return; // asserts nothing
  }
  const r = assertions.queryHolds(__ENV.QUERY, { within: __ENV.WITHIN || '10s' });
  console.log(`assertion ${r.status}: ${r.subject}: ${r.why}`);
}
