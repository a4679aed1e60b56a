// A background expectation runs while load goes on: in another scenario,
// and in the VU that started it, which polls result() between sleeps.
import { group, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import assertions from 'k6/x/assertions';

const loadOps = new Counter('load_ops');
const polled = new Counter('polled_while_running');

export const options = {
  scenarios: {
    load: { executor: 'constant-vus', vus: 1, duration: '3s', exec: 'load' },
    chaos: { executor: 'shared-iterations', vus: 1, iterations: 1, exec: 'chaos' },
  },
  thresholds: {
    'checks{kind:assertion}': ['rate==1'],
  },
};

export function load() {
  loadOps.add(1);
  sleep(0.1);
}

export async function chaos() {
  const h = assertions.background.queryHolds('vector(1) == 1', { for: '2s', since: Date.now(), within: '10s' });
  while (h.result() === null) {
    polled.add(1);
    sleep(0.1);
  }
  const r = await h.wait();
  if (r.status !== 'pass' || r.stages[0].name !== 'held') {
    throw new Error('background: ' + JSON.stringify(r));
  }
  group('pipeline', () => {
    assertions.queryHolds('up{job="prometheus"} == 1', { within: '20s' });
  });
}
