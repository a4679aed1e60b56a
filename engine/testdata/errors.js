// An exception or fail() in an iteration is logged; the next goes on.
import { fail } from 'k6';

export const options = { iterations: 4 };

export default function () {
  if (__ITER === 0) throw new Error('first iteration breaks');
  if (__ITER === 1) fail('second iteration fails');
}
