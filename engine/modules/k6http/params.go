package k6http

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Defaults as in k6.
const (
	defaultTimeout   = 60 * time.Second
	defaultRedirects = 10
)

// Response body handling (params.responseType).
const (
	responseText   = "text"
	responseBinary = "binary"
	responseNone   = "none"
)

// request is one parsed call.
type request struct {
	method       string
	url          *url.URL
	body         []byte
	hasBody      bool
	headers      http.Header
	tags         map[string]string
	timeout      time.Duration
	responseType string
	redirects    int
	name         string // the name tag: the URL, or http.url's template
	cookies      []*http.Cookie
	replace      map[string]bool // params.cookies names that replace the jar's
	jar          *cookieJar      // params.jar; nil for the VU's
	callback     *statusSet      // params.responseCallback, when callbackSet
	callbackSet  bool
}

// parseRequest validates JS arguments as k6 reads them; the run's HTTP
// options give the defaults params may override.
func parseRequest(method string, rawURL, body, params sobek.Value, opts modules.HTTPOptions) (*request, error) {
	method = strings.ToUpper(strings.TrimSpace(method))
	if method == "" || strings.ContainsAny(method, " \t\r\n") {
		return nil, fmt.Errorf("invalid HTTP method %q", method)
	}
	if isNullish(rawURL) {
		return nil, errors.New("the URL is missing: pass it as the first argument, e.g. http.get(\"http://localhost:8080/\")")
	}
	raw, name := rawURL.String(), ""
	if t, ok := rawURL.Export().(*urlTag); ok {
		raw, name = t.URL, t.Name
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid URL %q: use an absolute http:// or https:// URL", raw)
	}
	if name == "" {
		name = u.String()
	}
	r := &request{
		method: method, url: u, headers: http.Header{}, tags: map[string]string{},
		timeout: defaultTimeout, responseType: responseText, redirects: defaultRedirects,
		name: name,
	}
	if opts.MaxRedirects != nil {
		r.redirects = int(*opts.MaxRedirects)
	}
	if opts.DiscardResponseBodies {
		r.responseType = responseNone
	}
	if opts.UserAgent != nil {
		// Go's client sends its own User-Agent unless the header is
		// present; present and empty sends none.
		r.headers["User-Agent"] = []string{*opts.UserAgent}
	}
	if err := r.parseParams(params); err != nil {
		return nil, err
	}
	if err := r.parseBody(body); err != nil {
		return nil, err
	}
	return r, nil
}

func isNullish(v sobek.Value) bool {
	return v == nil || sobek.IsUndefined(v) || sobek.IsNull(v)
}

// parseBody accepts a string, an ArrayBuffer (or typed array view) or a
// plain object, which is form-encoded as k6 does (multipart/form-data
// when a field is an http.file()).
func (r *request) parseBody(v sobek.Value) error {
	if isNullish(v) {
		return nil
	}
	r.hasBody = true
	switch x := v.Export().(type) {
	case string:
		r.body = []byte(x)
		return nil
	case sobek.ArrayBuffer:
		r.body = append([]byte(nil), x.Bytes()...)
		return nil
	case []byte:
		r.body = append([]byte(nil), x...)
		return nil
	}
	obj, ok := v.(*sobek.Object)
	if !ok {
		r.body = []byte(v.String())
		return nil
	}
	if b := obj.Get("buffer"); b != nil && obj.ClassName() != "Object" {
		if buf, ok := b.Export().(sobek.ArrayBuffer); ok {
			r.body = append([]byte(nil), buf.Bytes()...) // typed array view
			return nil
		}
	}
	if isMultipart(obj) {
		return r.multipartBody(obj)
	}
	form := url.Values{}
	for _, k := range obj.Keys() {
		val := obj.Get(k)
		if _, nested := val.(*sobek.Object); nested {
			return fmt.Errorf("body field %q is an object: form bodies take strings, numbers and booleans; send JSON with JSON.stringify(body)", k)
		}
		form.Set(k, val.String())
	}
	r.body = []byte(form.Encode())
	if r.headers.Get("Content-Type") == "" {
		r.headers.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return nil
}

// parseParams reads headers, tags, timeout, responseType, redirects,
// cookies, jar and responseCallback; other k6 params are ignored.
func (r *request) parseParams(v sobek.Value) error {
	if isNullish(v) {
		return nil
	}
	obj, ok := v.(*sobek.Object)
	if !ok {
		return fmt.Errorf("params must be an object like {headers: {...}, tags: {...}, timeout: \"10s\"}, got %q", v.String())
	}
	var errs []error
	if err := stringMap(obj.Get("headers"), "headers", func(k, val string) { r.headers.Set(k, val) }); err != nil {
		errs = append(errs, err)
	}
	if err := stringMap(obj.Get("tags"), "tags", func(k, val string) { r.tags[k] = val }); err != nil {
		errs = append(errs, err)
	}
	if t := obj.Get("timeout"); !isNullish(t) {
		d, err := parseTimeout(t)
		if err != nil {
			errs = append(errs, err)
		}
		r.timeout = d
	}
	if rt := obj.Get("responseType"); !isNullish(rt) {
		switch s := rt.String(); s {
		case responseText, responseBinary, responseNone:
			r.responseType = s
		default:
			errs = append(errs, fmt.Errorf("params.responseType %q: use \"text\", \"binary\" or \"none\"", s))
		}
	}
	if rd := obj.Get("redirects"); !isNullish(rd) {
		n := rd.ToFloat()
		if math.IsNaN(n) || n < 0 || n != math.Trunc(n) {
			errs = append(errs, fmt.Errorf("params.redirects %q: use a whole number of redirects to follow (0 for none)", rd.String()))
		}
		r.redirects = int(n)
	}
	if err := r.parseCookies(obj.Get("cookies")); err != nil {
		errs = append(errs, err)
	}
	if j := obj.Get("jar"); !isNullish(j) {
		jar, ok := j.Export().(*cookieJar)
		if !ok {
			errs = append(errs, fmt.Errorf("params.jar must be a cookie jar from http.cookieJar() or new http.CookieJar(), got %q", j.String()))
		}
		r.jar = jar
	}
	if cb := obj.Get("responseCallback"); cb != nil && !sobek.IsUndefined(cb) {
		set, err := asStatusSet(cb, "params.responseCallback")
		if err != nil {
			errs = append(errs, err)
		}
		r.callback, r.callbackSet = set, true
	}
	return errors.Join(errs...)
}

// stringMap calls set for each property of an object of scalars.
func stringMap(v sobek.Value, what string, set func(k, val string)) error {
	if isNullish(v) {
		return nil
	}
	obj, ok := v.(*sobek.Object)
	if !ok {
		return fmt.Errorf("params.%s must be an object of strings, got %q", what, v.String())
	}
	keys := obj.Keys()
	sort.Strings(keys)
	for _, k := range keys {
		val := obj.Get(k)
		if _, nested := val.(*sobek.Object); nested || isNullish(val) {
			return fmt.Errorf("params.%s[%q] must be a string, number or boolean", what, k)
		}
		set(k, val.String())
	}
	return nil
}

// parseTimeout reads a timeout: a number of milliseconds or a duration
// string ("10s", "1m30s").
func parseTimeout(v sobek.Value) (time.Duration, error) {
	if s, ok := v.Export().(string); ok {
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil || d <= 0 {
			return 0, fmt.Errorf("params.timeout %q: use a positive duration such as \"10s\" or a number of milliseconds", s)
		}
		return d, nil
	}
	ms := v.ToFloat()
	if math.IsNaN(ms) || ms <= 0 || math.IsInf(ms, 0) {
		return 0, fmt.Errorf("params.timeout %s: use a positive number of milliseconds or a duration such as \"10s\"", v.String())
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}
