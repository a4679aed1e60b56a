package k6http

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sort"
	"strings"

	"github.com/grafana/sobek"
)

// cookieJar is a k6 CookieJar: the VU's own (http.cookieJar(), emptied
// at each iteration) or one a script made (new http.CookieJar()). Its JS
// methods are cookiesForURL, set, clear and delete.
type cookieJar struct {
	rt  *sobek.Runtime
	jar *cookiejar.Jar
	obj *sobek.Object // its JS object, made once
}

func newCookieJar(rt *sobek.Runtime) *cookieJar {
	j, _ := cookiejar.New(nil) // never fails without options
	return &cookieJar{rt: rt, jar: j}
}

// object is the jar's JS object: the same one each time, so
// http.cookieJar() === http.cookieJar() within an iteration.
func (j *cookieJar) object() *sobek.Object {
	if j.obj == nil {
		j.obj = j.rt.ToValue(j).ToObject(j.rt)
	}
	return j.obj
}

// jarURL parses a URL argument of a jar method.
func jarURL(method string, v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("jar.%s(): invalid URL %q: use an absolute http:// or https:// URL", method, v)
	}
	return u, nil
}

// CookiesForURL returns {name: [values]} of the cookies a request to u
// would send.
func (j *cookieJar) CookiesForURL(u string) (*sobek.Object, error) {
	pu, err := jarURL("cookiesForURL", u)
	if err != nil {
		return nil, err
	}
	byName := map[string][]any{}
	var names []string
	for _, c := range j.jar.Cookies(pu) {
		if _, seen := byName[c.Name]; !seen {
			names = append(names, c.Name)
		}
		byName[c.Name] = append(byName[c.Name], c.Value)
	}
	o := j.rt.NewObject()
	for _, n := range names {
		_ = o.Set(n, j.rt.NewArray(byName[n]...))
	}
	return o, nil
}

// Set stores a cookie for u; opts may hold domain, path, expires (an
// HTTP date), max_age, secure and http_only.
func (j *cookieJar) Set(u, name, value string, opts sobek.Value) error {
	pu, err := jarURL("set", u)
	if err != nil {
		return err
	}
	if name == "" {
		return fmt.Errorf("jar.set(): the cookie name is empty")
	}
	c := &http.Cookie{Name: name, Value: value}
	if obj, ok := opts.(*sobek.Object); ok && !isNullish(opts) {
		get := func(k string) sobek.Value {
			if v := obj.Get(k); !isNullish(v) {
				return v
			}
			return nil
		}
		if v := get("domain"); v != nil {
			c.Domain = v.String()
		}
		if v := get("path"); v != nil {
			c.Path = v.String()
		}
		if v := get("expires"); v != nil {
			t, err := http.ParseTime(v.String())
			if err != nil {
				return fmt.Errorf("jar.set(): expires %q: use an HTTP date such as \"Mon, 02 Jan 2006 15:04:05 GMT\"", v.String())
			}
			c.Expires = t
		}
		if v := get("max_age"); v != nil {
			c.MaxAge = int(v.ToInteger())
		}
		if v := get("secure"); v != nil {
			c.Secure = v.ToBoolean()
		}
		if v := get("http_only"); v != nil {
			c.HttpOnly = v.ToBoolean()
		}
	}
	j.jar.SetCookies(pu, []*http.Cookie{c})
	return nil
}

// Clear deletes every cookie a request to u would send.
func (j *cookieJar) Clear(u string) error {
	pu, err := jarURL("clear", u)
	if err != nil {
		return err
	}
	j.remove(pu, func(string) bool { return true })
	return nil
}

// Delete deletes the cookies named name that a request to u would send.
func (j *cookieJar) Delete(u, name string) error {
	pu, err := jarURL("delete", u)
	if err != nil {
		return err
	}
	j.remove(pu, func(n string) bool { return n == name })
	return nil
}

// remove expires the matching cookies for u. Go's jar deletes a cookie
// when one with the same name, domain and path arrives expired, but does
// not say a cookie's domain or path: every domain and path that can match
// u is expired.
func (j *cookieJar) remove(u *url.URL, match func(name string) bool) {
	var names []string
	for _, c := range j.jar.Cookies(u) {
		if match(c.Name) {
			names = append(names, c.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	host := u.Hostname()
	domains := []string{""} // host-only cookies
	for d := host; strings.Contains(d, "."); {
		domains = append(domains, d)
		_, d, _ = strings.Cut(d, ".")
	}
	paths := []string{"/"}
	p := ""
	for _, seg := range strings.Split(strings.Trim(u.EscapedPath(), "/"), "/") {
		if seg == "" {
			continue
		}
		p += "/" + seg
		paths = append(paths, p, p+"/")
	}
	var gone []*http.Cookie
	for _, n := range names {
		for _, d := range domains {
			for _, p := range paths {
				gone = append(gone, &http.Cookie{Name: n, Domain: d, Path: p, MaxAge: -1})
			}
		}
	}
	j.jar.SetCookies(u, gone)
}

// requestJar is the jar of one request: the cookies params.cookies
// replaces are left out of the jar's, the rest is the jar's.
type requestJar struct {
	base    http.CookieJar
	replace map[string]bool
}

func (r requestJar) SetCookies(u *url.URL, cs []*http.Cookie) { r.base.SetCookies(u, cs) }

func (r requestJar) Cookies(u *url.URL) []*http.Cookie {
	cs := r.base.Cookies(u)
	if len(r.replace) == 0 {
		return cs
	}
	out := cs[:0:0]
	for _, c := range cs {
		if !r.replace[c.Name] {
			out = append(out, c)
		}
	}
	return out
}

// parseCookies reads params.cookies: {name: "value"} or
// {name: {value: "v", replace: true}}; replace drops the jar's cookie of
// that name from this request.
func (r *request) parseCookies(v sobek.Value) error {
	if isNullish(v) {
		return nil
	}
	obj, ok := v.(*sobek.Object)
	if !ok {
		return fmt.Errorf("params.cookies must be an object like {name: \"value\"} or {name: {value: \"v\", replace: true}}, got %q", v.String())
	}
	keys := obj.Keys()
	sort.Strings(keys)
	for _, k := range keys {
		val := obj.Get(k)
		c := &http.Cookie{Name: k}
		if o, ok := val.(*sobek.Object); ok {
			cv := o.Get("value")
			if isNullish(cv) {
				return fmt.Errorf("params.cookies[%q] has no value: use {value: \"v\", replace: true}", k)
			}
			c.Value = cv.String()
			if rp := o.Get("replace"); rp != nil && rp.ToBoolean() {
				if r.replace == nil {
					r.replace = map[string]bool{}
				}
				r.replace[k] = true
			}
		} else if isNullish(val) {
			return fmt.Errorf("params.cookies[%q] must be a string or {value, replace}", k)
		} else {
			c.Value = val.String()
		}
		r.cookies = append(r.cookies, c)
	}
	return nil
}

// cookiesObject is res.cookies: {name: [{name, value, domain, path,
// http_only, secure, max_age, expires}]} from the response's Set-Cookie
// headers; expires is in milliseconds since the epoch (0 when unset).
func cookiesObject(rt *sobek.Runtime, h http.Header) *sobek.Object {
	o := rt.NewObject()
	byName := map[string][]any{}
	var names []string
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if _, seen := byName[c.Name]; !seen {
			names = append(names, c.Name)
		}
		var expires int64
		if !c.Expires.IsZero() {
			expires = c.Expires.UnixMilli()
		}
		co := rt.NewObject()
		for k, v := range map[string]any{
			"name": c.Name, "value": c.Value, "domain": c.Domain, "path": c.Path,
			"http_only": c.HttpOnly, "secure": c.Secure, "max_age": c.MaxAge, "expires": expires,
		} {
			_ = co.Set(k, v)
		}
		byName[c.Name] = append(byName[c.Name], co)
	}
	for _, n := range names {
		_ = o.Set(n, rt.NewArray(byName[n]...))
	}
	return o
}
