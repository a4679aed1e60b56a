// http.batch within the batch and batchPerHost options (unset: k6's 20
// and 6). The server reports the most requests it had in flight at once;
// localhost and 127.0.0.1 are two hosts of the same server.
import http from 'k6/http';
import { check } from 'k6';

const opt = (name) => (__ENV[name] === undefined ? undefined : Number(__ENV[name]));
export const options = { iterations: 1, batch: opt('BATCH'), batchPerHost: opt('PER_HOST') };

export default function () {
  const hosts = [__ENV.BASE, `http://localhost:${__ENV.PORT}`];
  const reqs = [];
  for (let i = 0; i < 12; i++) reqs.push(`${hosts[i % Number(__ENV.HOSTS)]}/delay?ms=250&i=${i}`);
  http.get(`${__ENV.BASE}/inflight`); // reset
  const rs = http.batch(reqs);
  const most = Number(http.get(`${__ENV.BASE}/inflight`).body);
  check(rs, { 'all answered': (r) => r.every((x) => x.status === 200) });
  check(most, { [`at most ${__ENV.WANT} in flight`]: (m) => m === Number(__ENV.WANT) });
}
