// __ENV.ROWS rows of about 100 bytes of JSON each, shared by __ENV.VUS
// VUs; setup() (after every VU's init code) asks the test's heap module
// to measure.
import { SharedArray } from 'k6/data';
import heap from 'k6/x/heap';

const rows = new SharedArray('rows', function () {
  const out = [];
  for (let i = 0; i < Number(__ENV.ROWS); i++) out.push({ id: i, name: `user-${i}`, pad: 'x'.repeat(70) });
  return out;
});

export const options = { vus: Number(__ENV.VUS), iterations: Number(__ENV.VUS) };

export function setup() { heap.measure(); }

export default function () {
  if (rows[rows.length - 1].id !== rows.length - 1) throw new Error('wrong last row');
}
