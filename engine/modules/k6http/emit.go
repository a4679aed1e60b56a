package k6http

import (
	"strconv"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
)

// tags are the VU's tags, then k6's system tags for the request, then the
// script's params.tags (so tags.name names a URL group). The response
// callback sets expected_response; the null callback leaves it out.
func (r *request) sampleTags(base *metrics.TagSet, res *result) *metrics.TagSet {
	ts := base
	if ts == nil {
		ts = metrics.NewTagSet(nil)
	}
	ts = ts.With("method", r.method).
		With("url", r.url.String()).
		With("name", r.name).
		With("status", strconv.Itoa(res.status))
	if r.callback != nil {
		ts = ts.With("expected_response", strconv.FormatBool(r.callback.expected(res.status)))
	}
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
// http_req_failed is left out under the null response callback.
func (m *httpMetrics) samples(base *metrics.TagSet, r *request, res *result) []metrics.Sample {
	tags := r.sampleTags(base, res)
	t := res.timings
	type point struct {
		m *metrics.Metric
		v float64
	}
	points := []point{
		{m.b.HTTPReqs, 1},
		{m.b.HTTPReqDuration, t.Duration},
		{m.blocked, t.Blocked},
		{m.connecting, t.Connecting},
		{m.tls, t.TLSHandshaking},
		{m.sending, t.Sending},
		{m.waiting, t.Waiting},
		{m.receiving, t.Receiving},
		{m.b.DataSent, float64(res.sent)},
		{m.b.DataReceived, float64(res.recv)},
	}
	if r.callback != nil {
		failed := 1.0
		if r.callback.expected(res.status) {
			failed = 0
		}
		points = append(points, point{m.b.HTTPReqFailed, failed})
	}
	out := make([]metrics.Sample, 0, len(points))
	for _, p := range points {
		out = append(out, metrics.Sample{Metric: p.m, Tags: tags, Time: res.end, Value: p.v})
	}
	return out
}
