// http.setResponseCallback(http.expectedStatuses(...)) decides what
// counts for http_req_failed and the expected_response tag; a request's
// params.responseCallback overrides it, and null emits neither.
import http from 'k6/http';
import { check } from 'k6';

http.setResponseCallback(http.expectedStatuses(404, { min: 200, max: 204 }));

export const options = {
  iterations: 1,
  thresholds: {
    'http_req_failed{case:listed}': ['rate==0'],
    'http_req_failed{case:range}': ['rate==0'],
    'http_req_failed{case:unlisted}': ['rate==1'],
    'http_req_failed{case:own}': ['rate==0'],
  },
};

export default function () {
  const base = __ENV.BASE;
  http.get(`${base}/status/404`, { tags: { case: 'listed' } });
  http.get(`${base}/status/204`, { tags: { case: 'range' } });
  http.get(`${base}/status/205`, { tags: { case: 'unlisted' } });
  http.get(`${base}/status/500`, { tags: { case: 'own' }, responseCallback: http.expectedStatuses(500) });
  const r = http.get(`${base}/status/503`, { tags: { case: 'none' }, responseCallback: null });
  check(r, { 'the response is unchanged': (x) => x.status === 503 && x.error_code === 1503 });
}
