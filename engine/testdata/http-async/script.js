// http.asyncRequest returns a promise that settles on the VU's event
// loop: five requests to a server delaying each by 300 ms, awaited
// together, finish in about 300 ms, not 1.5 s. Invalid arguments reject.
import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';

export const options = { iterations: 1 };

const together = new Trend('async_duration', true);

export default async function () {
  const base = __ENV.BASE;
  const start = Date.now();
  const pending = [];
  for (let i = 0; i < 5; i++) pending.push(http.asyncRequest('GET', `${base}/delay?ms=300&i=${i}`));
  const rs = await Promise.all(pending);
  together.add(Date.now() - start);
  check(rs, { 'five responses': (r) => r.length === 5 && r.every((x, i) => x.status === 200 && x.body === `slept ${i}`) });

  const post = await http.asyncRequest('POST', `${base}/echo`, 'payload', { headers: { 'Content-Type': 'text/plain' }, tags: { kind: 'async' } });
  check(post, { 'body and params are sent': (r) => r.body === 'POST|text/plain|payload' });

  let rejected = '';
  try {
    await http.asyncRequest('GET', '/relative');
  } catch (e) {
    rejected = String(e);
  }
  check(rejected, { 'an invalid URL rejects the promise': (m) => m.includes('invalid URL') });
}
