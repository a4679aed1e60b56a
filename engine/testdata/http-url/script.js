// http.url tagged template: the URL's name tag is the template with ${}
// for each value, so requests to /items/1, /items/2 and /items/3 are one
// URL group; an explicit tags.name still wins.
import http from 'k6/http';
import { check } from 'k6';

export const options = { iterations: 1 };

export default function () {
  const base = __ENV.BASE;
  for (const id of [1, 2, 3]) {
    const r = http.get(http.url`${base}/status/20${id}`);
    check(r, { 'the URL is built from the template': (x) => x.status === 200 + id && x.url === `${base}/status/20${id}` });
  }
  http.get(http.url`${base}/status/${200}`, { tags: { name: 'mine' } });
  const u = http.url`${base}/status/${204}`;
  check(u, { 'the value has url and name': (v) => v.url === `${base}/status/204` && v.name === '${}/status/${}' });
}
