// Rejections that are caught, even after another await, are no errors.
import { check } from 'k6';

export const options = { iterations: 2 };

export default async function () {
  const p = Promise.reject(new Error('caught later'));
  await Promise.resolve();
  const msg = await p.catch((e) => e.message);
  check(msg, { 'caught': (m) => m === 'caught later' });
}
