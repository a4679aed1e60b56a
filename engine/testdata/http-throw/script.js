// The throw option: a failed request (here refused) is an exception in
// http.get, http.batch and http.asyncRequest; without it, the response
// has status 0 and the error, and a warning is logged.
import http from 'k6/http';
import { check } from 'k6';

export const options = { iterations: 1, throw: __ENV.THROW === '1' };

const failure = (fn) => {
  try {
    const r = fn();
    return `returned status ${r.status} error_code ${r.error_code}`;
  } catch (e) {
    return `threw ${e}`;
  }
};

export default async function () {
  const refused = __ENV.REFUSED;
  const got = failure(() => http.get(refused));
  const batch = failure(() => http.batch([`${__ENV.BASE}/status/200`, refused])[1]);
  let async;
  try {
    const r = await http.asyncRequest('GET', refused);
    async = `returned status ${r.status} error_code ${r.error_code}`;
  } catch (e) {
    async = `threw ${e}`;
  }
  const want = __ENV.THROW === '1' ? 'threw ' : 'returned status 0 error_code 1212';
  check(got, { 'http.get': (m) => m.startsWith(want) && (__ENV.THROW !== '1' || m.includes('connection refused')) });
  check(batch, { 'http.batch': (m) => m.startsWith(want) });
  check(async, { 'http.asyncRequest': (m) => m.startsWith(want) });
  check(http.get(`${__ENV.BASE}/status/500`), { 'an error status is no exception': (r) => r.status === 500 });
}
