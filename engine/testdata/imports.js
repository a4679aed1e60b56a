// Relative imports, open() relative to the importing module, __VU/__ENV.
import { check } from 'k6';
import { double, word } from './lib/helper.js';

export const options = { vus: 2, iterations: 2, thresholds: { checks: ['rate==1'] } };

export default function () {
  check(null, {
    'imported function': () => double(21) === 42,
    'open relative to the module': () => word === 'hello',
    '__VU is 1 or 2': () => __VU === 1 || __VU === 2,
    '__ENV from -e': () => __ENV.GREETING === 'hi',
  });
}
