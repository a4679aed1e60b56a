package k6http

import (
	"strconv"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// expected reports whether a status counts as success: k6's default
// expected statuses are 200-399.
func expected(status int) bool { return status >= 200 && status <= 399 }

// tags are the VU's tags, then k6's system tags for the request, then the
// script's params.tags (so tags.name names a URL group).
func (r *request) sampleTags(base *metrics.TagSet, res *result) *metrics.TagSet {
	ts := base
	if ts == nil {
		ts = metrics.NewTagSet(nil)
	}
	ts = ts.With("method", r.method).
		With("url", r.url.String()).
		With("name", r.url.String()).
		With("status", strconv.Itoa(res.status)).
		With("expected_response", strconv.FormatBool(expected(res.status)))
	if res.proto != "" {
		ts = ts.With("proto", res.proto)
	}
	if res.errorCode != 0 {
		ts = ts.With("error_code", strconv.Itoa(res.errorCode))
	}
	if res.err != nil {
		ts = ts.With("error", res.err.Error())
	}
	for k, v := range r.tags {
		ts = ts.With(k, v)
	}
	return ts
}

// samples are the request's http_req_* samples plus data_sent and
// data_received, all tagged alike and stamped at the end of the request.
func (m *httpMetrics) samples(base *metrics.TagSet, r *request, res *result) []metrics.Sample {
	tags := r.sampleTags(base, res)
	failed := 0.0
	if !expected(res.status) {
		failed = 1
	}
	t := res.timings
	out := make([]metrics.Sample, 0, 11)
	for _, s := range []struct {
		m *metrics.Metric
		v float64
	}{
		{m.b.HTTPReqs, 1},
		{m.b.HTTPReqDuration, t.Duration},
		{m.blocked, t.Blocked},
		{m.connecting, t.Connecting},
		{m.tls, t.TLSHandshaking},
		{m.sending, t.Sending},
		{m.waiting, t.Waiting},
		{m.receiving, t.Receiving},
		{m.b.HTTPReqFailed, failed},
		{m.b.DataSent, float64(res.sent)},
		{m.b.DataReceived, float64(res.recv)},
	} {
		out = append(out, metrics.Sample{Metric: s.m, Tags: tags, Time: res.end, Value: s.v})
	}
	return out
}
