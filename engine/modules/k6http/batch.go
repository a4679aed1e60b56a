package k6http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/grafana/sobek"
)

// batch implements http.batch(requests): an array (or object) of
// requests, each a URL string, an http.url value, an array [method, url,
// body, params] or an object {method, url, body, params}, run in
// parallel within the batch and batchPerHost options. It returns the
// responses in an array (or an object with the same keys) once all have
// finished. With the throw option, the first failed request (in the
// batch's order) is thrown after all have finished.
func (i *instance) batch(c sobek.FunctionCall) sobek.Value {
	rt := i.vu.Runtime()
	st := i.running("batch")
	obj, ok := c.Argument(0).(*sobek.Object)
	if !ok || isNullish(c.Argument(0)) {
		throw(rt, errors.New("http.batch(): pass an array or an object of requests, e.g. http.batch([\"http://a/\", [\"POST\", \"http://b/\", body]])"))
	}
	isArray := obj.ClassName() == "Array"
	var keys []string
	if isArray {
		n := int(obj.Get("length").ToInteger())
		for k := 0; k < n; k++ {
			keys = append(keys, strconv.Itoa(k))
		}
	} else {
		keys = obj.Keys()
	}
	reqs := make([]*request, len(keys))
	jars := make([]http.CookieJar, len(keys))
	for n, k := range keys {
		req, err := i.batchItem(obj.Get(k))
		if err != nil {
			label := "request " + k
			if !isArray {
				label = fmt.Sprintf("request %q", k)
			}
			throw(rt, fmt.Errorf("http.batch(): %s: %w", label, err))
		}
		reqs[n], jars[n] = req, i.jarOf(req)
	}
	total, perHost := i.vu.InitEnv().HTTP.BatchLimits()
	results := i.client.doAll(i.vu.Context(), reqs, jars, total, perHost)

	out := rt.NewObject()
	if isArray {
		out = rt.NewArray()
	}
	var first error
	for n, k := range keys {
		v, err := i.complete(st.Samples, st.Tags, "batch", reqs[n], results[n])
		if err != nil && first == nil {
			first = err
		}
		_ = out.Set(k, v)
	}
	if first != nil {
		throw(rt, first)
	}
	return out
}

// batchItem parses one request of a batch.
func (i *instance) batchItem(v sobek.Value) (*request, error) {
	if isNullish(v) {
		return nil, errors.New("it is empty: give a URL, [method, url, body, params] or {method, url, body, params}")
	}
	obj, isObj := v.(*sobek.Object)
	if _, tag := v.Export().(*urlTag); !isObj || tag {
		return i.prepare("GET", v, sobek.Undefined(), sobek.Undefined())
	}
	get := func(k string) sobek.Value {
		if x := obj.Get(k); x != nil {
			return x
		}
		return sobek.Undefined()
	}
	if obj.ClassName() == "Array" {
		if obj.Get("length").ToInteger() < 2 {
			return nil, errors.New("an array request is [method, url, body, params]: the method and the URL are required")
		}
		return i.prepare(get("0").String(), get("1"), get("2"), get("3"))
	}
	method := "GET"
	if m := get("method"); !isNullish(m) {
		method = m.String()
	}
	return i.prepare(method, get("url"), get("body"), get("params"))
}

// doAll runs the requests concurrently, at most total at once (0: no
// limit) and at most perHost at once to one host:port (0: no limit), and
// returns their results in order.
func (c *client) doAll(ctx context.Context, reqs []*request, jars []http.CookieJar, total, perHost int) []*result {
	results := make([]*result, len(reqs))
	all := newLimit(total)
	hosts := map[string]limit{}
	for _, r := range reqs {
		if _, ok := hosts[r.url.Host]; !ok {
			hosts[r.url.Host] = newLimit(perHost)
		}
	}
	var wg sync.WaitGroup
	for n, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The host's slot first: a request waiting for its host
			// holds no slot another host could use.
			defer hosts[r.url.Host].acquire(ctx)()
			defer all.acquire(ctx)()
			results[n] = c.do(ctx, r, jars[n])
		}()
	}
	wg.Wait()
	return results
}

// limit is a counting semaphore; a nil limit admits everyone.
type limit chan struct{}

func newLimit(n int) limit {
	if n <= 0 {
		return nil
	}
	return make(limit, n)
}

// acquire takes a slot (or gives up when ctx ends: the request then fails
// as cancelled) and returns its release.
func (l limit) acquire(ctx context.Context) (release func()) {
	if l == nil {
		return func() {}
	}
	select {
	case l <- struct{}{}:
		return func() { <-l }
	case <-ctx.Done():
		return func() {}
	}
}
