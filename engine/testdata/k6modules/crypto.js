// k6/crypto with the digests k6's docs print for 'hello world!' (checked
// against openssl dgst). Every check must pass; the Go test counts them.
import { check } from 'k6';
import crypto from 'k6/crypto';

export const options = { iterations: 1 };

const input = 'hello world!';

export default function () {
  const buf = new Uint8Array([104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 33]).buffer;
  check(null, {
    'md4': () => crypto.md4(input, 'hex') === '3363b72840acd5f49f922fef598ee85d',
    'md5': () => crypto.md5(input, 'hex') === 'fc3ff98e8c6a0d3087d515c0473f8677',
    'sha1': () => crypto.sha1(input, 'hex') === '430ce34d020724ed75a196dfc2ad67c77772d169',
    'sha256': () => crypto.sha256(input, 'hex') === '7509e5bda0c762d2bac7f90d758b5b2263fa01ccbc542ab5e3df163be08e6ca9',
    'sha256 of an ArrayBuffer': () => crypto.sha256(buf, 'hex') === '7509e5bda0c762d2bac7f90d758b5b2263fa01ccbc542ab5e3df163be08e6ca9',
    'sha512_256': () => crypto.sha512_256(input, 'hex') === '595b5926068b4828fb1c27db21281e31118b8475cb6c3ceeb09be7b685414d5f',
    'ripemd160': () => crypto.ripemd160(input, 'hex') === 'dffd03137b3a333d5754813399a5f437acd694e5',
    'sha384 length': () => crypto.sha384(input, 'hex').length === 96,
    'sha512_224 length': () => crypto.sha512_224(input, 'hex').length === 56,
    'hmac': () => crypto.hmac('sha256', 'a secret', 'my data', 'hex') === '82f669c8fde13aef6d6977257588dc4953dfac505428f8fd6b52e19cd96d7ea5',
    'base64': () => crypto.sha256(input, 'base64') === 'dQnlvaDHYtK6x/kNdYtbImP6Acy8VCq1498WO+CObKk=',
    'base64url': () => crypto.sha256(input, 'base64url') === 'dQnlvaDHYtK6x_kNdYtbImP6Acy8VCq1498WO-CObKk=',
    'base64rawurl': () => crypto.sha256(input, 'base64rawurl') === 'dQnlvaDHYtK6x_kNdYtbImP6Acy8VCq1498WO-CObKk',
    'binary is an ArrayBuffer': () => new Uint8Array(crypto.sha256(input, 'binary'))[0] === 0x75,
    'createHash': () => {
      const h = crypto.createHash('sha256');
      h.update('hello ');
      h.update('world!');
      return h.digest('hex') === '7509e5bda0c762d2bac7f90d758b5b2263fa01ccbc542ab5e3df163be08e6ca9';
    },
    'createHMAC': () => {
      const h = crypto.createHMAC('sha256', 'a secret');
      h.update('my ');
      h.update('data');
      return h.digest('hex') === '82f669c8fde13aef6d6977257588dc4953dfac505428f8fd6b52e19cd96d7ea5';
    },
    'randomBytes': () => {
      const a = new Uint8Array(crypto.randomBytes(32));
      const b = new Uint8Array(crypto.randomBytes(32));
      return a.length === 32 && a.some((x, i) => x !== b[i]);
    },
  });
  let msg = '';
  try { crypto.hmac('sha3', 'k', 'd', 'hex'); } catch (e) { msg = String(e); }
  check(msg, { 'unknown algorithm lists the known ones': (m) => m.includes('unknown algorithm "sha3"') && m.includes('sha256') });
}
