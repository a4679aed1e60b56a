// SharedArray as k6 documents it: built once in init code, the same data
// for every VU, read-only. The Go test wants every check passed and the
// build message logged once although 4 VUs run the init code (5 with the
// VU that reads the options).
import { check } from 'k6';
import { SharedArray } from 'k6/data';

const users = new SharedArray('users', function () {
  console.log('building the users array');
  return [{ name: 'ann', tags: ['a'] }, { name: 'bob', tags: ['b'] }, 3, 'four', null];
});

// The same name returns the data built first; its function never runs.
const again = new SharedArray('users', function () { throw new Error('a second build of "users"'); });

// Bad constructor calls throw, naming what is missing.
const badCalls = [['', () => []], ['nofn']].map(([name, fn]) => {
  try { new SharedArray(name, fn); } catch (e) { return String(e); }
  return 'no error';
});

export const options = { vus: 4, iterations: 8 };

export default function () {
  check(users, {
    'length': (u) => u.length === 5,
    'is an array': (u) => Array.isArray(u),
    'index access': (u) => u[0].name === 'ann' && u[1].tags[0] === 'b' && u[2] === 3 && u[3] === 'four' && u[4] === null,
    'out of range is undefined': (u) => u[5] === undefined,
    'array methods': (u) => u.filter((x) => x && x.name).map((x) => x.name).join(',') === 'ann,bob',
    'for...of': (u) => { let n = 0; for (const x of u) n++; return n === 5; },
    'same name, same data': () => again.length === 5 && again[1].name === 'bob',
  });
  let assign = '';
  try { users[0] = 'x'; } catch (e) { assign = e.name; }
  let mutate = '';
  try { users[0].name = 'eve'; } catch (e) { mutate = e.name; }
  check(null, {
    'assigning an element throws': () => assign === 'TypeError',
    'changing an element throws (frozen)': () => mutate === 'TypeError' && users[0].name === 'ann',
  });
  let msg = '';
  try { new SharedArray('late', () => []); } catch (e) { msg = String(e); }
  check(msg, { 'outside init code is an error': (m) => m.includes('must be called in the init context') });
  check(badCalls, {
    'an empty name is an error': (b) => b[0].includes('empty name provided'),
    'a missing function is an error': (b) => b[1].includes('a function is expected as the second argument'),
  });
}
