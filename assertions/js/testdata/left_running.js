// The scenario ends (maxDuration) while a background expectation it did
// not await is still running: EndRun awaits it, or stops it.
import assertions from 'k6/x/assertions';

export const options = {
  scenarios: {
    chaos: { executor: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '1s', gracefulStop: '0s', exec: 'chaos' },
  },
  thresholds: {
    'checks{kind:assertion}': ['rate==1'],
  },
};

export function chaos() {
  assertions.background.queryHolds(__ENV.QUERY, { for: __ENV.FOR, within: '1m' });
}
