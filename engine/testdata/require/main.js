// require() in init code, as k6 allows: CommonJS files by relative path
// (nested requires relative to the requiring file) and registered
// modules by name. The Go test wants every check passed.
import { check } from 'k6';

const math = require('./lib/math.js');
const { greet } = require('./lib/greet.js');
const k6 = require('k6');
const again = require('./lib/math.js');

export const options = { iterations: 1 };

export default function () {
  check(null, {
    'module.exports': () => math.add(2, 3) === 5,
    'exports.x and a nested require': () => greet('k6') === 'hello, k6 (5)',
    'a registered module': () => typeof k6.check === 'function',
    'loaded once per VU': () => again === math,
  });
  let msg = '';
  try { require('./lib/math.js'); } catch (e) { msg = String(e); }
  check(msg, { 'outside init code is an error': (m) => m.includes('can only be called from init code') });
}
