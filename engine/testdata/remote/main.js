// A script that imports a module over HTTPS, k6's remote modules. The Go
// test serves testdata/remote/served on a loopback TLS server and writes
// this file with {{BASE}} replaced by its URL. lib/greet.js imports
// ./words.js relative to its own URL.
import { check } from 'k6';
import { greet } from '{{BASE}}/lib/greet.js';

export const options = { iterations: 1 };

export default function () {
  check(greet('k6'), { 'the remote module ran': (s) => s === 'hello, k6!' });
}
