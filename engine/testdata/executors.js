// One scenario per executor, selected with -e EXECUTOR=<name>; every
// iteration sleeps SLEEP seconds (default 0).
import { sleep } from 'k6';

const sleepFor = Number(__ENV.SLEEP || 0);

const scenarios = {
  'shared-iterations': { executor: 'shared-iterations', vus: 3, iterations: 30 },
  'per-vu-iterations': { executor: 'per-vu-iterations', vus: 3, iterations: 5 },
  'constant-vus': { executor: 'constant-vus', vus: 2, duration: '1s' },
  'ramping-vus': {
    executor: 'ramping-vus', startVUs: 0, gracefulRampDown: '0s',
    stages: [{ duration: '500ms', target: 4 }, { duration: '500ms', target: 0 }],
  },
  'constant-arrival-rate': {
    executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2,
  },
  'ramping-arrival-rate': {
    executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 2,
    stages: [{ duration: '1s', target: 20 }],
  },
  'dropping': {
    executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1,
  },
};

export const options = { scenarios: { [__ENV.EXECUTOR]: scenarios[__ENV.EXECUTOR] } };

export default function () {
  if (sleepFor > 0) sleep(sleepFor);
}
