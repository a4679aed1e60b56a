package assertions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
)

// requestTimeout bounds one backend request; a poll asks again after it.
const requestTimeout = 10 * time.Second

// maxBody bounds how much of an answer is read.
const maxBody = 64 << 20

// endpoint is one backend's HTTP base: URL, headers (bearer token
// included) and client. The typed clients are built on it.
type endpoint struct {
	backend string
	base    *url.URL
	header  http.Header
	hc      *http.Client
}

// newEndpoint checks e and resolves its bearer token from lookupEnv.
func newEndpoint(backend string, e config.Endpoint, lookupEnv func(string) (string, bool), hc *http.Client) (*endpoint, error) {
	if e.URL == "" {
		return nil, fmt.Errorf("%w: backends.%s.url is empty", ErrNoBackend, backend)
	}
	u, err := url.Parse(strings.TrimRight(e.URL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("backends.%s.url %q: want an http(s) URL such as http://127.0.0.1:9090", backend, e.URL)
	}
	h := http.Header{}
	for k, v := range e.Headers {
		h.Set(k, v)
	}
	if e.BearerTokenEnv != "" {
		tok, ok := "", false
		if lookupEnv != nil {
			tok, ok = lookupEnv(e.BearerTokenEnv)
		}
		if !ok || tok == "" {
			return nil, fmt.Errorf("backends.%s.bearer_token_env names $%s, which is not set", backend, e.BearerTokenEnv)
		}
		h.Set("Authorization", "Bearer "+tok)
	}
	if hc == nil {
		hc = &http.Client{}
	}
	return &endpoint{backend: backend, base: u, header: h, hc: hc}, nil
}

// url is the base joined with path and query, for requests and messages.
func (e *endpoint) url(path string, q url.Values) string {
	u := *e.base
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = q.Encode()
	return u.String()
}

// do sends one request and returns the body of a 2xx answer; anything
// else is an *APIError. notFound, when true, lets a 404 through as
// (nil, nil): "not there yet" for lookups by id.
func (e *endpoint) do(ctx context.Context, method, path string, q url.Values, body []byte, contentType string, notFound bool) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	u := e.url(path, q)
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, &APIError{Backend: e.backend, Type: ErrRejected, URL: u, Msg: err.Error(), Err: err}
	}
	for k, v := range e.header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		return nil, transportError(e.backend, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, transportError(e.backend, u, err)
	}
	if resp.StatusCode == http.StatusNotFound && notFound {
		return nil, nil
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(e.backend, u, resp.StatusCode, errorText(b))
	}
	return b, nil
}

// get is do for a GET without a body.
func (e *endpoint) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return e.do(ctx, http.MethodGet, path, q, nil, "", false)
}

// getJSON decodes a GET's JSON answer into out.
func (e *endpoint) getJSON(ctx context.Context, path string, q url.Values, out any) error {
	b, err := e.get(ctx, path, q)
	if err != nil {
		return err
	}
	return e.decode(path, q, b, out)
}

// decode reads a JSON answer, as a bad_response APIError when it fails.
func (e *endpoint) decode(path string, q url.Values, b []byte, out any) error {
	if err := json.Unmarshal(b, out); err != nil {
		return &APIError{Backend: e.backend, Type: ErrBadResponse, URL: e.url(path, q), Msg: fmt.Sprintf("%v (%.200q)", err, b), Err: err}
	}
	return nil
}

// errorText is the useful part of an error answer: a JSON "error" or
// "message" field when there is one, else the start of the body.
func errorText(b []byte) string {
	var doc struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
		Msg     string `json:"msg"`
	}
	if json.Unmarshal(b, &doc) == nil {
		switch {
		case doc.Error != nil && fmt.Sprint(doc.Error) != "":
			return fmt.Sprint(doc.Error)
		case doc.Message != "":
			return doc.Message
		case doc.Msg != "":
			return doc.Msg
		}
	}
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
