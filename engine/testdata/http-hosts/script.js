// The hosts option overrides name resolution: a name (any port), a
// name:port, and a *.domain wildcard, to an IP with or without a port.
// The request keeps its URL's Host.
import http from 'k6/http';
import { check } from 'k6';

const port = __ENV.PORT;
export const options = {
  iterations: 1,
  hosts: {
    'api.mcpchaos.test': '127.0.0.1',
    'web.mcpchaos.test:80': `127.0.0.1:${port}`,
    '*.wild.test': `127.0.0.1:${port}`,
  },
};

export default function () {
  check(http.get(`http://api.mcpchaos.test:${port}/host`), { 'a name keeps the port': (r) => r.status === 200 && r.body === `api.mcpchaos.test:${port}` });
  check(http.get('http://web.mcpchaos.test/host'), { 'name:port to ip:port': (r) => r.status === 200 && r.body === 'web.mcpchaos.test' });
  check(http.get('http://deep.sub.wild.test/host'), { 'a wildcard': (r) => r.status === 200 && r.body === 'deep.sub.wild.test' });
  check(http.get(`http://localhost:${port}/host`), { 'other names resolve as usual': (r) => r.status === 200 && r.body === `localhost:${port}` });
}
