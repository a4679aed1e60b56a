package k6http_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6http"
	"github.com/mcpchaos/mcpchaos/engine/modules/modulestest"
	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

// server echoes requests: /status/N answers N, /json answers a document,
// /slow sleeps, /redirect sends to /json, anything else echoes method,
// content type and body.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		var code int
		fmt.Sscan(r.PathValue("code"), &code)
		w.WriteHeader(code)
		io.WriteString(w, "status page")
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
		io.WriteString(w, `{"data":{"items":[{"id":7},{"id":8}],"ok":true}}`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/json", http.StatusFound)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s|%s|%s|%s", r.Method, r.Header.Get("Content-Type"), r.Header.Get("X-Test"), b)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func newVU(t *testing.T, ctx context.Context, base string) *modulestest.VU {
	t.Helper()
	vu, err := modulestest.NewLoaded(ctx, "http", k6http.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = vu.Close() })
	if err := vu.RT.Set("BASE", base); err != nil {
		t.Fatal(err)
	}
	vu.StartIteration(map[string]string{"scenario": "default"})
	return vu
}

func TestRequests(t *testing.T) {
	t.Parallel()
	srv := server(t)
	tests := []struct {
		name string
		js   string // evaluates to a string compared with want
		want string
	}{
		{"get", `http.get(BASE + "/echo").body`, "GET|||"},
		{"get status", `String(http.get(BASE + "/status/204").status)`, "204"},
		{"post string", `http.post(BASE + "/echo", "hello", {headers: {"Content-Type": "text/plain", "X-Test": 1}}).body`, "POST|text/plain|1|hello"},
		{"post object is form encoded", `http.post(BASE + "/echo", {b: "2 3", a: 1}).body`, "POST|application/x-www-form-urlencoded||a=1&b=2+3"},
		{"put", `http.put(BASE + "/echo", "x").body`, "PUT|||x"},
		{"patch", `http.patch(BASE + "/echo", "y").body`, "PATCH|||y"},
		{"del", `http.del(BASE + "/echo").body`, "DELETE|||"},
		{"options", `http.options(BASE + "/echo").body`, "OPTIONS|||"},
		{"head has empty body", `JSON.stringify([http.head(BASE + "/echo").status, http.head(BASE + "/echo").body])`, `[200,""]`},
		{"request", `http.request("post", BASE + "/echo", "z").body`, "POST|||z"},
		{"array buffer body", `http.post(BASE + "/echo", new Uint8Array([104, 105]).buffer).body`, "POST|||hi"},
		{"json", `JSON.stringify(http.get(BASE + "/json").json())`, `{"data":{"items":[{"id":7},{"id":8}],"ok":true}}`},
		{"json selector", `String(http.get(BASE + "/json").json("data.items.1.id"))`, "8"},
		{"json selector length", `String(http.get(BASE + "/json").json("data.items.#"))`, "2"},
		{"json selector missing", `String(http.get(BASE + "/json").json("data.nope.x"))`, "undefined"},
		{"headers joined", `http.get(BASE + "/json").headers["X-Multi"]`, "a, b"},
		{"binary", `String(new Uint8Array(http.get(BASE + "/json", {responseType: "binary"}).body)[0])`, "123"},
		{"none", `String(http.get(BASE + "/json", {responseType: "none"}).body)`, "null"},
		{"redirect followed", `http.get(BASE + "/redirect").url.endsWith("/json") ? "ok" : "no"`, "ok"},
		{"redirects 0", `String(http.get(BASE + "/redirect", {redirects: 0}).status)`, "302"},
		{"timings", `(function(){ var t = http.get(BASE + "/json").timings; return [t.duration >= 0, t.waiting >= 0, t.duration >= t.waiting, typeof t.blocked, typeof t.tls_handshaking].join() })()`, "true,true,true,number,number"},
		{"4xx not an error", `(function(){ var r = http.get(BASE + "/status/404"); return [r.status, r.error, r.error_code, r.body].join() })()`, "404,,1404,status page"},
		{"request info", `(function(){ var r = http.post(BASE + "/echo", "b"); return [r.request.method, r.request.body, r.status_text].join() })()`, "POST,b,200 OK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu := newVU(t, context.Background(), srv.URL)
			v, err := vu.Run(tt.js)
			if err != nil {
				t.Fatal(err)
			}
			if v.String() != tt.want {
				t.Errorf("got %q, want %q", v.String(), tt.want)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	srv := server(t)
	vu := newVU(t, context.Background(), srv.URL)
	if _, err := vu.Run(`
		http.get(BASE + "/json");
		http.post(BASE + "/status/503", "payload", {tags: {name: "sick", kind: "probe"}});
	`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"http_reqs", "http_req_duration", "http_req_failed", "data_sent", "data_received",
		"http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending", "http_req_waiting", "http_req_receiving"} {
		if n := len(vu.SamplesOf(name)); n != 2 {
			t.Errorf("%s: %d samples, want 2", name, n)
		}
	}
	failed := vu.SamplesOf("http_req_failed")
	if failed[0].Value != 0 || failed[1].Value != 1 {
		t.Errorf("http_req_failed = %v, %v", failed[0].Value, failed[1].Value)
	}
	tags := failed[1].Tags
	for k, want := range map[string]string{
		"method": "POST", "status": "503", "name": "sick", "kind": "probe", "url": srv.URL + "/status/503",
		"expected_response": "false", "error_code": "1503", "proto": "HTTP/1.1", "scenario": "default",
	} {
		if got, _ := tags.Get(k); got != want {
			t.Errorf("tag %s = %q, want %q (tags %s)", k, got, want, tags)
		}
	}
	if got, _ := vu.SamplesOf("http_req_duration")[0].Tags.Get("expected_response"); got != "true" {
		t.Errorf("expected_response on 200 = %q", got)
	}
	if s := vu.SamplesOf("data_sent"); s[1].Value < float64(len("payload")) {
		t.Errorf("data_sent = %v", s[1].Value)
	}
	if s := vu.SamplesOf("data_received"); s[0].Value < 50 {
		t.Errorf("data_received = %v", s[0].Value)
	}
	// The expected_response:true submetric exists, as k6 always shows it.
	_, subs := vu.Env.Builtin.HTTPReqDuration.Snapshot()
	if s, ok := subs["http_req_duration{expected_response:true}"]; !ok || s.(*metrics.TrendSink).Count != 1 {
		t.Errorf("expected_response submetric = %v", subs)
	}
}

func TestTransportErrors(t *testing.T) {
	t.Parallel()
	srv := server(t)
	// A port that refuses for the whole test.
	addr, held, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = held.Close() })
	refused := "http://" + addr
	tests := []struct {
		name, js string
		code     int
		errText  string
	}{
		{"refused", `http.get("` + refused + `/")`, 1212, "connection refused"},
		{"timeout", `http.get(BASE + "/slow", {timeout: 50})`, 1050, "deadline exceeded"},
		{"timeout string", `http.get(BASE + "/slow", {timeout: "50ms"})`, 1050, "deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu := newVU(t, context.Background(), srv.URL)
			v, err := vu.Run(`(function(){ var r = ` + tt.js + `; return JSON.stringify([r.status, r.error_code, r.error, r.body]) })()`)
			if err != nil {
				t.Fatalf("transport error threw: %v", err)
			}
			want := fmt.Sprintf(`[0,%d,`, tt.code)
			if !strings.HasPrefix(v.String(), want) || !strings.Contains(v.String(), tt.errText) || !strings.HasSuffix(v.String(), ",null]") {
				t.Errorf("response = %s, want %s…%s…null", v, want, tt.errText)
			}
			if f := vu.SamplesOf("http_req_failed"); len(f) != 1 || f[0].Value != 1 {
				t.Errorf("http_req_failed = %+v", f)
			}
			if code, _ := vu.SamplesOf("http_reqs")[0].Tags.Get("error_code"); code != fmt.Sprint(tt.code) {
				t.Errorf("error_code tag = %q", code)
			}
		})
	}
}

func TestCancelledVU(t *testing.T) {
	t.Parallel()
	srv := server(t)
	ctx, cancel := context.WithCancel(context.Background())
	vu := newVU(t, ctx, srv.URL)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	v, err := vu.Run(`http.get(BASE + "/slow").status`)
	if err != nil {
		t.Fatal(err)
	}
	if v.ToInteger() != 0 || time.Since(start) > time.Second {
		t.Errorf("status %v after %v", v, time.Since(start))
	}
	if n := len(vu.Samples()); n != 0 {
		t.Errorf("a request cut by the VU stopping pushed %d samples", n)
	}
}

func TestArgumentErrors(t *testing.T) {
	t.Parallel()
	srv := server(t)
	expectThrows(t, srv.URL, []throwCase{
		{"no url", `http.get()`, "the URL is missing"},
		{"relative url", `http.get("/x")`, `invalid URL "/x"`},
		{"ftp url", `http.get("ftp://x/")`, "absolute http:// or https://"},
		{"bad method", `http.request("GE T", BASE)`, "invalid HTTP method"},
		{"params not object", `http.get(BASE, "x")`, "params must be an object"},
		{"bad timeout", `http.get(BASE, {timeout: "soon"})`, `params.timeout "soon"`},
		{"negative timeout", `http.get(BASE, {timeout: -1})`, "positive number"},
		{"bad responseType", `http.get(BASE, {responseType: "blob"})`, `responseType "blob"`},
		{"bad header", `http.get(BASE, {headers: {a: {b: 1}}})`, `params.headers["a"]`},
		{"bad tags", `http.get(BASE, {tags: "x"})`, "params.tags must be an object"},
		{"nested form", `http.post(BASE, {a: {b: 1}})`, "JSON.stringify"},
		{"json of non json", `http.get(BASE + "/echo").json()`, "not valid JSON"},
		{"all params errors at once", `http.get(BASE, {timeout: "x", responseType: "y"})`, `responseType "y"`},
	})
}

// throwCase is a script (with BASE set) and the text its exception has.
type throwCase struct{ name, js, want string }

// expectThrows runs each case in its own VU, in parallel.
func expectThrows(t *testing.T, base string, tests []throwCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu := newVU(t, context.Background(), base)
			_, err := vu.Run(tt.js)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestInitContext(t *testing.T) {
	t.Parallel()
	vu, err := modulestest.NewLoaded(context.Background(), "http", k6http.New())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vu.Run(`http.get("http://127.0.0.1:1/")`); err == nil || !strings.Contains(err.Error(), "init context") {
		t.Fatalf("error = %v", err)
	}
}
