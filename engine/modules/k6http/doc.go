// Package k6http is the `k6/http` module: get, post, put, del, patch,
// head, options, request and asyncRequest (a Promise settled on the VU's
// event loop), batch (array and object forms, run in parallel within the
// batch and batchPerHost options), with k6's params (headers, tags,
// timeout, responseType, redirects, cookies, jar, responseCallback);
// responses with status, body, headers, cookies, json(selector), timings,
// error and error_code; http.url (URL grouping by name tag), http.file
// (multipart/form-data bodies), expectedStatuses and setResponseCallback
// (what counts for http_req_failed and the expected_response tag; the
// default is 200-399, null emits neither), cookieJar() and
// new CookieJar() with cookiesForURL, set, delete and clear; and the
// http_req_* metrics, data_sent and data_received.
//
// The run's options (modules.HTTPOptions, known only after init code) set
// the defaults that params override: insecureSkipTLSVerify, userAgent,
// maxRedirects, discardResponseBodies, throw (a failed request is an
// exception; without it, a warning is logged), hosts (name resolution
// overrides, wildcards included), batch and batchPerHost, and
// noConnectionReuse, noVUConnectionReuse, noCookiesReset.
//
// Each VU has its own http.Client (keep-alive connections, byte counting
// on its connections) and cookie jar, emptied at each iteration as in k6;
// its idle connections close when the VU ends. A transport failure is not
// an exception (unless the throw option): the response has status 0,
// error and error_code (k6's codes), and http_req_failed records it.
// Invalid arguments (bad URL, params of the wrong type) throw.
//
// Deliberate differences from k6: redirects are followed inside one call
// and measured as one request (k6 emits metrics per hop); when requests
// overlap (batch, asyncRequest) each one's data_sent/data_received is
// what the VU's connections moved since the previous one finished, so the
// totals are exact but the split between overlapping requests is not;
// response.html() throws (k6/html is not provided), and digest/NTLM auth
// is not provided.
package k6http
