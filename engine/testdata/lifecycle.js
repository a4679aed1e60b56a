// setup data reaches every VU and teardown; handleSummary writes files.
import { check, group } from 'k6';
import { Counter } from 'k6/metrics';

const seen = new Counter('seen_data');
const fixture = JSON.parse(open('./fixture.json'));

export const options = {
  vus: 2, iterations: 6,
  thresholds: { seen_data: ['count==6'], 'checks{group:::teardown}': ['rate==1'] },
};

export function setup() {
  return { answer: 42, name: fixture.name };
}

export default function (data) {
  group('use data', () => {
    if (check(data, { 'setup data': (d) => d.answer === 42 && d.name === 'from-file' })) {
      seen.add(1);
    }
  });

}

export function teardown(data) {
  check(data, { 'teardown data': (d) => d.answer === 42 });
}

export function handleSummary(data) {
  return {
    stdout: 'custom summary\n',
    [__ENV.OUT]: JSON.stringify({ iterations: data.metrics.iterations.values.count }),
  };
}
