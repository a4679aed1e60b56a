// Two scenarios: b starts late, runs a named function with its own env and
// tags; both check values that thresholds select by tag.
import { check } from 'k6';
import exec from 'k6/execution';

export const options = {
  tags: { run: 'r1' },
  scenarios: {
    a: { executor: 'per-vu-iterations', vus: 2, iterations: 3 },
    b: {
      executor: 'shared-iterations', vus: 1, iterations: 4, startTime: '300ms',
      exec: 'second', env: { WHO: 'b' }, tags: { kind: 'late' },
    },
  },
  thresholds: {
    'iterations{scenario:a}': ['count==6'],
    'iterations{scenario:b}': ['count==4'],
    'checks{kind:late}': ['rate==1'],
    'checks{mark:x}': ['rate==1'],
  },
};

export default function () {
  check(__ITER, { 'iter in range': (i) => i >= 0 && i < 3 }, { mark: 'x' });
  check(exec.scenario.name, { 'scenario is a': (n) => n === 'a' });
}

export function second() {
  check(__ENV.WHO, { 'env from scenario': (w) => w === 'b' });
  check(exec.scenario.executor, { 'executor of b': (x) => x === 'shared-iterations' });
  check(exec.vu.tags, { 'vu tags have kind': (t) => t.kind === 'late' && t.run === 'r1' });
}
