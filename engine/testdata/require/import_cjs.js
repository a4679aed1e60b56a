// An ES import of a CommonJS file, as k6 allows: the default export is
// its module.exports (its own require() works too).
import { check } from 'k6';
import greet from './lib/greet.js';
import math from './lib/math.js';

export const options = { iterations: 1 };

export default function () {
  check(null, {
    'default is module.exports': () => math.add(1, 2) === 3,
    'exports.x with a nested require': () => greet.greet('k6') === 'hello, k6 (5)',
  });
}
