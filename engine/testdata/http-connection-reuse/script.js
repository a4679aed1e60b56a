// Connection reuse: by default one VU's sequential requests share a
// keep-alive connection; noConnectionReuse opens one per request and
// noVUConnectionReuse one per iteration. The server answers /conn with
// the client's address, one per connection.
import http from 'k6/http';
import { check } from 'k6';

export const options = {
  vus: 1,
  iterations: 2,
  noConnectionReuse: __ENV.MODE === 'none',
  noVUConnectionReuse: __ENV.MODE === 'vu',
};

const seen = new Set(); // the VU's runtime lives across iterations

export default function () {
  for (let i = 0; i < 3; i++) seen.add(http.get(`${__ENV.BASE}/conn`).body);
  if (__ITER === 1) {
    check(seen.size, { [`${__ENV.WANT} connections for 6 requests`]: (n) => n === Number(__ENV.WANT) });
  }
}
