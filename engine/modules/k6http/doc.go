// Package k6http is the `k6/http` module: get, post, put, del, patch,
// head, options and request with k6's params (headers, tags, timeout,
// responseType), responses with status, body, headers, json(), timings,
// error and error_code, and the http_req_* metrics.
package k6http
