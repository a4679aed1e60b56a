// A module's Go panic is a JavaScript exception the script can catch.
import { check } from 'k6';
import { boom, obj } from 'k6/x/panicky';

export const options = { iterations: 3 };

export default function () {
  try {
    boom();
  } catch (e) {
    check(String(e), { 'panic is an Error': (m) => m.includes('k6/x/panicky.boom: internal error') });
  }
  if (__ITER === 1) obj.boom(); // not wrapped: fails the iteration only
}
