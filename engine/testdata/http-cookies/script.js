// Cookies: what a server sets is kept in the VU's jar and sent back
// (across redirects too), res.cookies shows the Set-Cookie headers,
// params.cookies adds (or with replace, replaces) cookies, and the jar's
// set/cookiesForURL/delete/clear work as k6 documents. The VU's jar is
// emptied at each iteration unless noCookiesReset.
import http from 'k6/http';
import { check } from 'k6';

export const options = { vus: 1, iterations: 2, noCookiesReset: __ENV.KEEP === '1' };

export default function () {
  const base = __ENV.BASE;
  const jar = http.cookieJar();
  check(jar, { 'http.cookieJar() is one jar within the iteration': (j) => j === http.cookieJar() });
  const atStart = jar.cookiesForURL(`${base}/`);
  if (__ITER === 0 || __ENV.KEEP !== '1') {
    check(atStart, { 'the jar is empty when the iteration starts': (c) => Object.keys(c).length === 0 });
  } else {
    check(atStart, { 'noCookiesReset keeps the jar': (c) => c.session[0] === 'abc' });
  }

  const set = http.get(`${base}/cookies/set?session=abc&theme=dark`);
  check(set, {
    'res.cookies has the Set-Cookie headers': (r) =>
      r.cookies.session[0].value === 'abc' && r.cookies.session[0].path === '/' &&
      r.cookies.session[0].http_only === true && r.cookies.theme[0].value === 'dark',
  });
  check(jar.cookiesForURL(`${base}/`), {
    'the jar holds them': (c) => c.session[0] === 'abc' && c.theme[0] === 'dark',
  });
  check(http.get(`${base}/cookies`).json(), {
    'cookies round-trip': (c) => c.session[0] === 'abc' && c.theme[0] === 'dark',
  });
  check(http.get(`${base}/cookies/set?redirected=yes&redirect=1`).json(), {
    'a cookie set before a redirect is sent after it': (c) => c.redirected[0] === 'yes',
  });

  const extra = http.get(`${base}/cookies`, { cookies: { extra: '1', theme: { value: 'light', replace: true } } }).json();
  check(extra, {
    'params.cookies adds a cookie': (c) => c.extra[0] === '1' && c.session[0] === 'abc',
    'params.cookies with replace replaces the jar\'s': (c) => c.theme.length === 1 && c.theme[0] === 'light',
  });
  const both = http.get(`${base}/cookies`, { cookies: { theme: 'light' } }).json();
  check(both, { 'params.cookies without replace sends both': (c) => c.theme.length === 2 });
  check(jar.cookiesForURL(`${base}/`), { 'params.cookies do not enter the jar': (c) => c.extra === undefined });

  jar.set(`${base}/`, 'manual', 'yes');
  jar.set(`${base}/`, 'scoped', 'only-here', { path: '/cookies' });
  check(http.get(`${base}/cookies`).json(), { 'jar.set cookies are sent': (c) => c.manual[0] === 'yes' && c.scoped[0] === 'only-here' });
  check(jar.cookiesForURL(`${base}/other`), { 'a path-scoped cookie stays on its path': (c) => c.scoped === undefined && c.manual[0] === 'yes' });

  jar.delete(`${base}/cookies`, 'manual');
  check(http.get(`${base}/cookies`).json(), { 'jar.delete removes one cookie': (c) => c.manual === undefined && c.session[0] === 'abc' });
  jar.clear(`${base}/cookies`);
  check(http.get(`${base}/cookies`).json(), { 'jar.clear removes them all': (c) => Object.keys(c).length === 0 });

  const own = new http.CookieJar();
  http.get(`${base}/cookies/set?private=1`, { jar: own });
  check(own.cookiesForURL(`${base}/`), { 'params.jar keeps the cookies in that jar': (c) => c.private[0] === '1' });
  check(jar.cookiesForURL(`${base}/`), { 'not in the VU\'s': (c) => c.private === undefined });
  check(http.get(`${base}/cookies`, { jar: own }).json(), { 'and sends them from it': (c) => c.private[0] === '1' });

  // Leave a cookie for the next iteration.
  http.get(`${base}/cookies/set?session=abc`);
}
