// Promises resolved by a module from another goroutine settle within the
// iteration, awaited or not.
import { check } from 'k6';
import { later } from 'k6/x/later';

export const options = { vus: 2, iterations: 3 };

export default async function () {
  const v = await later(10, 'a');
  check(v, { 'awaited value': (x) => x === 'a' });
  later(10, 'b').then((w) => check(w, { 'then value': (x) => x === 'b' }));
}
