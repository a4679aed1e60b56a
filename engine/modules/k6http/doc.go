// Package k6http is the `k6/http` module: get, post, put, del, patch,
// head, options and request with k6's params (headers, tags, timeout,
// responseType, redirects), responses with status, body, headers,
// json(selector), timings, error and error_code, and the http_req_*
// metrics, data_sent and data_received. The run's options
// insecureSkipTLSVerify, userAgent, maxRedirects and discardResponseBodies
// (modules.HTTPOptions, known only after init code) set the defaults that
// params override.
//
// Each VU has its own http.Client (keep-alive connections, a cookie jar,
// byte counting on its connections); its idle connections close when the
// VU ends. A transport failure is not an exception: the response has
// status 0, error and error_code (k6's codes), and http_req_failed records
// it. Invalid arguments (bad URL, params of the wrong type) throw.
//
// Deliberate differences from k6: redirects are followed inside one call
// and measured as one request (k6 emits metrics per hop); the cookie jar
// lives for the VU, not one iteration; http.batch, http.file, multipart
// bodies, digest/NTLM auth and response.html() are not provided.
package k6http
