package k6http

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/grafana/sobek"
)

// newResponse builds the JS Response object:
// {status, status_text, proto, url, body, headers, timings, error,
// error_code, remote_ip, remote_port, request{method, url, headers, body},
// cookies, json(selector)}; html() throws: k6/html is not provided.
func newResponse(rt *sobek.Runtime, req *request, res *result) sobek.Value {
	o := rt.NewObject()
	set := func(k string, v any) {
		if err := o.Set(k, v); err != nil {
			throw(rt, fmt.Errorf("build response: %w", err))
		}
	}
	set("status", res.status)
	set("status_text", statusText(res))
	set("proto", res.proto)
	set("url", res.url)
	set("body", responseBody(rt, req, res))
	set("headers", headerObject(rt, res.headers))
	set("cookies", cookiesObject(rt, res.headers))
	set("timings", timingsObject(rt, res.timings))
	errText := ""
	if res.err != nil {
		errText = res.err.Error()
	}
	set("error", errText)
	set("error_code", res.errorCode)
	host, port, _ := net.SplitHostPort(res.remoteAddr)
	portNum, _ := strconv.Atoi(port)
	set("remote_ip", host)
	set("remote_port", portNum)
	reqObj := rt.NewObject()
	for k, v := range map[string]any{
		"method": req.method, "url": req.url.String(),
		"headers": headerObject(rt, req.headers), "body": string(req.body),
	} {
		if err := reqObj.Set(k, v); err != nil {
			throw(rt, fmt.Errorf("build response: %w", err))
		}
	}
	set("request", reqObj)
	set("html", func(sobek.FunctionCall) sobek.Value {
		throw(rt, errNoHTML)
		return nil
	})
	set("json", func(c sobek.FunctionCall) sobek.Value {
		v, err := parseJSON(rt, res.body, c.Argument(0))
		if err != nil {
			throw(rt, fmt.Errorf("response.json(): %w", err))
		}
		return v
	})
	return o
}

func statusText(res *result) string {
	if res.status == 0 {
		return ""
	}
	return strconv.Itoa(res.status) + " " + http.StatusText(res.status)
}

func responseBody(rt *sobek.Runtime, req *request, res *result) sobek.Value {
	switch {
	case req.responseType == responseNone || (res.body == nil && res.err != nil):
		return sobek.Null()
	case req.responseType == responseBinary:
		return rt.ToValue(rt.NewArrayBuffer(res.body))
	}
	return rt.ToValue(string(res.body))
}

// headerObject maps canonical header names to their values joined with
// ", ", as k6 does.
func headerObject(rt *sobek.Runtime, h http.Header) *sobek.Object {
	o := rt.NewObject()
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = o.Set(http.CanonicalHeaderKey(k), strings.Join(h[k], ", "))
	}
	return o
}

func timingsObject(rt *sobek.Runtime, t timings) *sobek.Object {
	o := rt.NewObject()
	for k, v := range map[string]float64{
		"duration": t.Duration, "blocked": t.Blocked, "connecting": t.Connecting,
		"tls_handshaking": t.TLSHandshaking, "sending": t.Sending,
		"waiting": t.Waiting, "receiving": t.Receiving,
	} {
		_ = o.Set(k, v)
	}
	return o
}

var errNoHTML = errors.New("res.html() is not supported by mcpchaos (k6/html is not provided): parse res.body yourself, e.g. with a regular expression, or check status, headers and res.json()")

var errNoBody = errors.New("the response has no body (transport error or responseType \"none\")")
