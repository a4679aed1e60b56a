package assertions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

// Jaeger's query API v3 (Jaeger v2): a trace by id, and trace search.
// Both answer OTLP JSON under "result", with ids in hex.
const (
	epJaegerTrace  = "/api/v3/traces/"
	epJaegerSearch = "/api/v3/traces"
)

// jaegerSearchDepth is how many traces a search asks Jaeger for when it
// filters them further itself (Jaeger's HTTP API v3 takes no
// attributes): more than the limit, so filtering leaves enough.
const jaegerSearchDepth = 200

// jaeger is the Traces driver for Jaeger's API v3.
type jaeger struct{ ep *endpoint }

var _ Traces = (*jaeger)(nil)

func newJaeger(ep *endpoint) *jaeger { return &jaeger{ep: ep} }

func (*jaeger) Kind() string { return KindJaeger }

// GetTrace asks GET /api/v3/traces/{id}. Jaeger answers a trace it does
// not have with 404 and its JSON error "No traces found"; a 404 without
// it is a wrong URL, and an error.
func (j *jaeger) GetTrace(ctx context.Context, id string) (*Trace, error) {
	id, err := normalizeTraceID(id)
	if err != nil {
		return nil, err
	}
	path := epJaegerTrace + id
	query := "GET " + path
	b, err := j.ep.get(ctx, path, nil)
	if err != nil {
		if j.notFound(err) {
			return &Trace{ID: id, Query: query}, nil
		}
		return nil, err
	}
	td, err := j.decode(path, nil, b)
	if err != nil {
		return nil, err
	}
	return pickTrace(td, id, query), nil
}

// SearchTraces asks GET /api/v3/traces with the service, span name
// (operation), durations and time range, and checks the attributes
// itself: Jaeger's HTTP API v3 (v1.76) ignores them. A trace matches
// when one of its spans has every property asked for.
func (j *jaeger) SearchTraces(ctx context.Context, q TraceQuery) (*SearchResult, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	if q.TraceQL != "" {
		return nil, fmt.Errorf("%w: trace search: TraceQL is Tempo's language; Jaeger searches by service, spanName, attributes and durations", ErrBadExpectation)
	}
	start, end := q.window(time.Now())
	depth := q.limit()
	if len(q.Attributes) > 0 {
		depth = max(depth, jaegerSearchDepth)
	}
	v := url.Values{
		"query.start_time_min": {start.UTC().Format(time.RFC3339Nano)},
		"query.start_time_max": {end.UTC().Format(time.RFC3339Nano)},
		"query.num_traces":     {strconv.Itoa(depth)},
	}
	setNonEmpty(v, "query.service_name", q.Service)
	setNonEmpty(v, "query.operation_name", q.SpanName)
	if q.MinDuration > 0 {
		v.Set("query.duration_min", q.MinDuration.String())
	}
	if q.MaxDuration > 0 {
		v.Set("query.duration_max", q.MaxDuration.String())
	}
	res := &SearchResult{Query: "GET " + epJaegerSearch + "?" + v.Encode()}
	b, err := j.ep.get(ctx, epJaegerSearch, v)
	if err != nil {
		if j.notFound(err) {
			return res, nil
		}
		return nil, err
	}
	td, err := j.decode(epJaegerSearch, v, b)
	if err != nil {
		return nil, err
	}
	res.Traces = summarize(tracesFrom(td), q)
	return res, nil
}

// notFound reports whether err is Jaeger's own "no traces" answer.
// Another 404 (a URL that is not Jaeger's query API) becomes an error
// that says so.
func (j *jaeger) notFound(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
		return false
	}
	if strings.Contains(ae.Msg, "No traces found") || strings.Contains(ae.Msg, "httpCode:404") {
		return true
	}
	ae.Msg += " (not Jaeger's answer for a missing trace: is backends.traces.url Jaeger's query API, such as http://127.0.0.1:16686?)"
	return false
}

// decode reads an API v3 answer: one {"result": TracesData} object, or
// several in a row as a streaming gateway writes them.
func (j *jaeger) decode(path string, q url.Values, b []byte) (*tracepb.TracesData, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	all := &tracepb.TracesData{}
	for n := 0; ; n++ {
		var doc struct {
			Result json.RawMessage `json:"result"`
			Error  *struct {
				HTTPCode int    `json:"httpCode"`
				Message  string `json:"message"`
			} `json:"error"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) && n > 0 {
			return all, nil
		}
		if err != nil {
			return nil, badResponse(j.ep, path, q, b, err)
		}
		if doc.Error != nil {
			code := doc.Error.HTTPCode
			if code < http.StatusBadRequest {
				code = http.StatusInternalServerError
			}
			return nil, statusError(j.ep.backend, j.ep.url(path, q), code, doc.Error.Message)
		}
		if doc.Result == nil {
			return nil, badResponse(j.ep, path, q, b, errors.New(`no "result" in the answer`))
		}
		td, err := decodeOTLP(doc.Result)
		if err != nil {
			return nil, badResponse(j.ep, path, q, b, err)
		}
		all.ResourceSpans = append(all.ResourceSpans, td.GetResourceSpans()...)
	}
}

// badResponse is an answer that could not be read.
func badResponse(ep *endpoint, path string, q url.Values, b []byte, err error) *APIError {
	return &APIError{Backend: ep.backend, Type: ErrBadResponse, URL: ep.url(path, q), Msg: fmt.Sprintf("%v (%.200q)", err, b), Err: err}
}

func setNonEmpty(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}
