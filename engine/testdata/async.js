// Async default functions complete within their iteration.
import { check } from 'k6';

export const options = { iterations: 3, thresholds: { checks: ['rate==1'] } };

async function value() {
  await Promise.resolve();
  return 7;
}

export default async function () {
  const v = await value();
  check(v, { 'awaited': (x) => x === 7 });
}
