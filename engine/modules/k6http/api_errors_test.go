package k6http_test

import (
	"context"
	"strings"
	"testing"
)

// TestAPIArgumentErrors: misuse of batch, cookies, callbacks, http.url,
// http.file and res.html() throws an error naming the call and the fix.
func TestAPIArgumentErrors(t *testing.T) {
	t.Parallel()
	srv := server(t)
	expectThrows(t, srv.URL, []throwCase{
		{"batch of nothing", `http.batch()`, "http.batch(): pass an array or an object of requests"},
		{"batch of a string", `http.batch("x")`, "http.batch(): pass an array or an object"},
		{"batch item empty", `http.batch([null])`, "http.batch(): request 0: it is empty"},
		{"batch item short array", `http.batch([["GET"]])`, "request 0: an array request is [method, url, body, params]"},
		{"batch item bad URL", `http.batch([BASE, "/x"])`, `http.batch(): request 1: invalid URL "/x"`},
		{"batch named item bad", `http.batch({home: {url: "ftp://x/"}})`, `http.batch(): request "home": invalid URL`},
		{"expectedStatuses empty", `http.expectedStatuses()`, "http.expectedStatuses(): pass status codes"},
		{"expectedStatuses string", `http.expectedStatuses("ok")`, `argument 1 "ok": want a status code`},
		{"expectedStatuses bad range", `http.expectedStatuses(200, {min: 300})`, "argument 2: a range is {min: 200, max: 399}"},
		{"expectedStatuses reversed range", `http.expectedStatuses({min: 400, max: 300})`, "min <= max"},
		{"callback is a function", `http.setResponseCallback(function () { return true })`, "http.setResponseCallback(): want the value of http.expectedStatuses(...) or null"},
		{"params callback", `http.get(BASE, {responseCallback: 200})`, "params.responseCallback: want the value of http.expectedStatuses"},
		{"params cookies not object", `http.get(BASE, {cookies: "a=b"})`, "params.cookies must be an object"},
		{"params cookie without value", `http.get(BASE, {cookies: {a: {replace: true}}})`, `params.cookies["a"] has no value`},
		{"params jar not a jar", `http.get(BASE, {jar: {}})`, "params.jar must be a cookie jar"},
		{"jar bad URL", `http.cookieJar().set("nope", "a", "b")`, `jar.set(): invalid URL "nope"`},
		{"jar empty name", `http.cookieJar().set(BASE, "", "b")`, "jar.set(): the cookie name is empty"},
		{"jar bad expires", `http.cookieJar().set(BASE, "a", "b", {expires: "tomorrow"})`, `expires "tomorrow": use an HTTP date`},
		{"jar clear bad URL", `http.cookieJar().clear("/x")`, "jar.clear(): invalid URL"},
		{"url not a template", `http.url("http://x/")`, "http.url is a tagged template"},
		{"file without data", `http.file()`, "http.file(): the data is missing"},
		{"file of an object", `http.file({a: 1})`, "http.file(): data"},
		{"file of bad bytes", `http.file([1, 300])`, "data[1] = 300"},
		{"multipart nested field", `http.post(BASE, {f: http.file("x"), o: {a: 1}})`, `body field "o" is an object: multipart fields take`},
		{"html", `http.get(BASE + "/echo").html()`, "res.html() is not supported by mcpchaos"},
		{"asyncRequest without loop", `http.asyncRequest("GET", BASE)`, "http.asyncRequest(): this VU has no event loop"},
	})
}

// TestCookieJarInInit: the VU's jar exists only while iterating; a new
// CookieJar can be made anywhere.
func TestCookieJarInInit(t *testing.T) {
	t.Parallel()
	vu := newVU(t, context.Background(), "http://127.0.0.1:1")
	vu.St = nil
	if _, err := vu.Run(`http.cookieJar()`); err == nil || !strings.Contains(err.Error(), "init context") {
		t.Fatalf("error = %v", err)
	}
	if v, err := vu.Run(`new http.CookieJar().set("http://a.test/", "k", "v"); "ok"`); err != nil || v.String() != "ok" {
		t.Fatalf("new CookieJar in init: %v %v", v, err)
	}
}

// TestJarDeleteAndClear: delete and clear reach domain cookies and
// cookies of any matching path, and leave the others.
func TestJarDeleteAndClear(t *testing.T) {
	t.Parallel()
	vu := newVU(t, context.Background(), "http://127.0.0.1:1")
	v, err := vu.Run(`(function () {
		const jar = new http.CookieJar();
		const u = "http://www.a.test/x/y";
		jar.set(u, "host", "1");
		jar.set(u, "dom", "2", {domain: "a.test"});
		jar.set(u, "deep", "3", {path: "/x/"});
		jar.set(u, "deep", "4", {path: "/x/y"});
		jar.set("http://other.test/", "other", "5");
		const before = Object.keys(jar.cookiesForURL(u)).sort().join();
		jar.delete(u, "deep");
		const afterDelete = Object.keys(jar.cookiesForURL(u)).sort().join();
		jar.clear(u);
		const afterClear = Object.keys(jar.cookiesForURL(u)).join();
		return [before, afterDelete, afterClear, jar.cookiesForURL("http://other.test/").other[0]].join("|");
	})()`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "deep,dom,host|dom,host||5"; v.String() != want {
		t.Errorf("got %q, want %q", v, want)
	}
}
