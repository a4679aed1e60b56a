// k6/encoding with the values k6's docs and RFC 4648 give. Every check
// must pass; the Go test counts them.
import { check } from 'k6';
import encoding from 'k6/encoding';
import { b64encode, b64decode } from 'k6/encoding';

export const options = { iterations: 1 };

export default function () {
  const bytes = new Uint8Array([0xfb, 0xff]).buffer; // '+/' in std, '-_' in url
  check(null, {
    'std is the default': () => b64encode('hello world') === 'aGVsbG8gd29ybGQ=',
    'std': () => b64encode(bytes, 'std') === '+/8=',
    'rawstd drops padding': () => b64encode(bytes, 'rawstd') === '+/8',
    'url': () => b64encode(bytes, 'url') === '-_8=',
    'rawurl': () => b64encode(bytes, 'rawurl') === '-_8',
    'utf-8 input': () => b64encode('é') === 'w6k=',
    'decode to string': () => b64decode('aGVsbG8gd29ybGQ=', 'std', 's') === 'hello world',
    'decode rawurl to ArrayBuffer': () => {
      const out = new Uint8Array(b64decode('-_8', 'rawurl'));
      return out.length === 2 && out[0] === 0xfb && out[1] === 0xff;
    },
    'default export': () => encoding.b64decode(encoding.b64encode('x'), undefined, 's') === 'x',
  });
  let msg = '';
  try { b64decode('-_8=', 'std'); } catch (e) { msg = String(e); }
  check(msg, { 'bad input names the variants': (m) => m.includes('not valid base64') });
  msg = '';
  try { b64encode('x', 'base32'); } catch (e) { msg = String(e); }
  check(msg, { 'unknown encoding is an error': (m) => m.includes('unknown encoding "base32"') });
}
