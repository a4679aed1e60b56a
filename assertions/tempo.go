package assertions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Tempo's query frontend (https://grafana.com/docs/tempo/latest/api_docs/):
// a trace by id, v2 ({"trace": OTLP JSON, "status", "message"}; Tempo
// 2.5 on) and v1 (OTLP JSON with "batches" for "resourceSpans"), and
// search with TraceQL. Ids in its OTLP JSON are base64.
const (
	epTempoTraceV2 = "/api/v2/traces/"
	epTempoTraceV1 = "/api/traces/"
	epTempoSearch  = "/api/search"
)

// tempoPartial is the v2 status of a trace Tempo returned only part of.
const tempoPartial = "PARTIAL"

// tempo is the Traces driver for Tempo's HTTP API.
type tempo struct {
	ep *endpoint
	// v1 is set once the server showed it has no v2 trace API.
	v1 atomic.Bool
}

var _ Traces = (*tempo)(nil)

// newTempo asks for JSON explicitly (Tempo also speaks protobuf).
func newTempo(ep *endpoint) *tempo {
	e := *ep
	e.header = ep.header.Clone()
	e.header.Set("Accept", "application/json")
	return &tempo{ep: &e}
}

func (*tempo) Kind() string { return KindTempo }

// errNoV2 says the server has no /api/v2/traces.
var errNoV2 = errors.New("no v2 trace API")

// GetTrace asks GET /api/v2/traces/{id}, or /api/traces/{id} on a Tempo
// without it. A trace Tempo does not have is v2's empty {"trace": {}}
// or a 404 with an empty body; a 404 with a body is a URL that is not
// Tempo's (v1) or a Tempo without v2.
func (t *tempo) GetTrace(ctx context.Context, id string) (*Trace, error) {
	id, err := normalizeTraceID(id)
	if err != nil {
		return nil, err
	}
	if !t.v1.Load() {
		tr, err := t.getV2(ctx, id)
		if !errors.Is(err, errNoV2) {
			return tr, err
		}
		t.v1.Store(true)
	}
	return t.getV1(ctx, id)
}

func (t *tempo) getV2(ctx context.Context, id string) (*Trace, error) {
	path := epTempoTraceV2 + id
	b, err := t.ep.get(ctx, path, nil)
	if err != nil {
		switch missing(err) {
		case missingTrace:
			return &Trace{ID: id, Query: "GET " + path}, nil
		case missingRoute:
			return nil, errNoV2
		}
		return nil, err
	}
	var doc struct {
		Trace   json.RawMessage `json:"trace"`
		Status  json.RawMessage `json:"status"`
		Message string          `json:"message"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, badResponse(t.ep, path, nil, b, err)
	}
	tr := &Trace{ID: id, Query: "GET " + path}
	if len(doc.Trace) > 0 && !bytes.Equal(doc.Trace, []byte("null")) {
		td, err := decodeOTLP(doc.Trace)
		if err != nil {
			return nil, badResponse(t.ep, path, nil, b, err)
		}
		tr = pickTrace(td, id, tr.Query)
	}
	if s := strings.Trim(string(doc.Status), `"`); s == tempoPartial || s == "1" {
		tr.Partial = true
		tr.Warnings = append(tr.Warnings, pick(doc.Message, "Tempo returned a partial trace"))
	}
	return tr, nil
}

func (t *tempo) getV1(ctx context.Context, id string) (*Trace, error) {
	path := epTempoTraceV1 + id
	b, err := t.ep.get(ctx, path, nil)
	if err != nil {
		if missing(err) == missingTrace {
			return &Trace{ID: id, Query: "GET " + path}, nil
		}
		return nil, err
	}
	td, err := decodeOTLP(b)
	if err != nil {
		return nil, badResponse(t.ep, path, nil, b, err)
	}
	return pickTrace(td, id, "GET "+path), nil
}

// missingKind is what a 404 from Tempo means.
type missingKind int

const (
	notMissing   missingKind = iota
	missingTrace             // Tempo's answer for a trace it does not have: no body
	missingRoute             // a 404 with a body: no such API at this URL
)

func missing(err error) missingKind {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
		return notMissing
	}
	if strings.TrimSpace(ae.Msg) == "" {
		return missingTrace
	}
	ae.Msg += " (not Tempo's answer for a missing trace: is backends.traces.url Tempo's query frontend, such as http://127.0.0.1:3200?)"
	return missingRoute
}

// SearchTraces asks GET /api/search with q compiled to TraceQL (or
// q.TraceQL as is), the time range in epoch seconds and the limit.
func (t *tempo) SearchTraces(ctx context.Context, q TraceQuery) (*SearchResult, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	start, end := q.window(time.Now())
	v := url.Values{
		"q":     {pick(q.TraceQL, traceQL(q))},
		"start": {strconv.FormatInt(start.Unix(), 10)},
		"end":   {strconv.FormatInt(end.Unix()+1, 10)},
		"limit": {strconv.Itoa(q.limit())},
	}
	res := &SearchResult{Query: "GET " + epTempoSearch + "?" + v.Encode()}
	var doc tempoSearch
	if err := t.ep.getJSON(ctx, epTempoSearch, v, &doc); err != nil {
		return nil, err
	}
	for _, tr := range doc.Traces {
		s, err := tr.summary()
		if err != nil {
			return nil, badResponse(t.ep, epTempoSearch, v, nil, err)
		}
		res.Traces = append(res.Traces, s)
	}
	sort.SliceStable(res.Traces, func(i, j int) bool { return res.Traces[i].Start.After(res.Traces[j].Start) })
	if len(res.Traces) > q.limit() {
		res.Traces = res.Traces[:q.limit()]
	}
	return res, nil
}

// tempoSearch is /api/search's answer (tempopb.SearchResponse as JSON).
type tempoSearch struct {
	Traces []tempoTraceMeta `json:"traces"`
}

// tempoTraceMeta is one trace found (tempopb.TraceSearchMetadata).
type tempoTraceMeta struct {
	TraceID           string `json:"traceID"`
	RootServiceName   string `json:"rootServiceName"`
	RootTraceName     string `json:"rootTraceName"`
	StartTimeUnixNano string `json:"startTimeUnixNano"`
	DurationMs        int64  `json:"durationMs"`
	// SpanSet is the deprecated single set; SpanSets replaced it.
	SpanSet  *tempoSpanSet  `json:"spanSet"`
	SpanSets []tempoSpanSet `json:"spanSets"`
}

type tempoSpanSet struct {
	Matched int `json:"matched"`
}

// summary normalizes one trace found: Tempo writes ids without leading
// zeros and times as strings of nanoseconds.
func (m tempoTraceMeta) summary() (TraceSummary, error) {
	id, err := normalizeTraceID(m.TraceID)
	if err != nil {
		return TraceSummary{}, err
	}
	s := TraceSummary{ID: id, RootService: m.RootServiceName, RootName: m.RootTraceName, Duration: time.Duration(m.DurationMs) * time.Millisecond}
	if m.StartTimeUnixNano != "" {
		ns, err := strconv.ParseInt(m.StartTimeUnixNano, 10, 64)
		if err != nil {
			return TraceSummary{}, errors.New("startTimeUnixNano " + strconv.Quote(m.StartTimeUnixNano) + " is not a number")
		}
		s.Start = time.Unix(0, ns)
	}
	sets := m.SpanSets
	if len(sets) == 0 && m.SpanSet != nil {
		sets = []tempoSpanSet{*m.SpanSet}
	}
	for _, ss := range sets {
		s.Matched += ss.Matched
	}
	return s, nil
}
