// http.batch: its forms (URL strings, [method, url, body, params],
// {method, url, body, params}, http.url values, an object of named
// requests) and its parallelism: ten requests to a server that delays
// each by 200 ms finish in about 200 ms, not 2 s.
import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';

export const options = { iterations: 1, batch: 10, batchPerHost: 10 };

const batchDuration = new Trend('batch_duration', true);

export default function () {
  const base = __ENV.BASE;
  const urls = [];
  for (let i = 0; i < 10; i++) urls.push(`${base}/delay?ms=200&i=${i}`);
  const start = Date.now();
  const responses = http.batch(urls);
  batchDuration.add(Date.now() - start);
  check(responses, {
    'ten responses, in the order asked': (rs) => rs.length === 10 && rs.every((r, i) => r.status === 200 && r.body === `slept ${i}`),
  });

  const mixed = http.batch([
    ['POST', `${base}/echo`, 'a', { headers: { 'Content-Type': 'text/plain' }, tags: { form: 'array' } }],
    { method: 'PUT', url: `${base}/echo`, body: 'b' },
    { url: `${base}/echo` },
    http.url`${base}/echo`,
  ]);
  check(mixed, {
    'array request': (rs) => rs[0].body === 'POST|text/plain|a',
    'object request': (rs) => rs[1].body === 'PUT||b',
    'object request defaults to GET': (rs) => rs[2].body === 'GET||',
    'http.url request': (rs) => rs[3].body === 'GET||',
  });

  const named = http.batch({ created: `${base}/status/201`, accepted: ['GET', `${base}/status/202`] });
  check(named, {
    'object of named requests keeps the names': (r) => r.created.status === 201 && r.accepted.status === 202,
  });
}
