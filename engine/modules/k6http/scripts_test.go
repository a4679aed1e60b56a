package k6http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6http"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	"github.com/mcpchaos/mcpchaos/internal/syncbuf"
)

// scriptServer is the server the engine/testdata/http-* scripts talk to.
// It counts requests in flight (the most at once since the last
// /inflight/reset) and answers:
//
//	/delay?ms=N&i=I       sleeps N ms, then "slept I"
//	/status/{code}        that status
//	/echo                 "METHOD|Content-Type|body"
//	/cookies              the request's cookies as JSON {name: [values]}
//	/cookies/set?k=v...   Set-Cookie k=v (path /, HttpOnly) for each query
//	                      pair; &redirect=1 then redirects to /cookies
//	/upload               a multipart form as JSON {fields, files}
//	/conn                 the client's address (one per connection)
//	/host                 the Host header
//	/inflight             the most requests in flight at once, and resets it
type scriptServer struct {
	*httptest.Server
	inflight, most atomic.Int64
}

func newScriptServer(t *testing.T) *scriptServer {
	t.Helper()
	s := &scriptServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/delay", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
		}
		fmt.Fprintf(w, "slept %s", r.URL.Query().Get("i"))
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.PathValue("code"))
		w.WriteHeader(code)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s|%s|%s", r.Method, r.Header.Get("Content-Type"), b)
	})
	mux.HandleFunc("/cookies", func(w http.ResponseWriter, r *http.Request) {
		out := map[string][]string{}
		for _, c := range r.Cookies() {
			out[c.Name] = append(out[c.Name], c.Value)
		}
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/cookies/set", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			if k != "redirect" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			http.SetCookie(w, &http.Cookie{Name: k, Value: q.Get(k), Path: "/", HttpOnly: true})
		}
		if q.Get("redirect") == "1" {
			http.Redirect(w, r, "/cookies", http.StatusFound)
		}
	})
	mux.HandleFunc("/upload", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type file struct {
			Filename    string `json:"filename"`
			ContentType string `json:"content_type"`
			Data        string `json:"data"`
		}
		out := struct {
			Fields map[string]string `json:"fields"`
			Files  map[string]file   `json:"files"`
		}{map[string]string{}, map[string]file{}}
		for k, v := range r.MultipartForm.Value {
			out.Fields[k] = v[0]
		}
		for k, fs := range r.MultipartForm.File {
			f, _ := fs[0].Open()
			b, _ := io.ReadAll(f)
			_ = f.Close()
			out.Files[k] = file{fs[0].Filename, fs[0].Header.Get("Content-Type"), string(b)}
		}
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/conn", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.RemoteAddr) })
	mux.HandleFunc("/host", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, r.Host) })
	mux.HandleFunc("/inflight", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, s.most.Swap(0))
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/inflight" {
			n := s.inflight.Add(1)
			defer s.inflight.Add(-1)
			for m := s.most.Load(); n > m && !s.most.CompareAndSwap(m, n); m = s.most.Load() {
			}
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// port is the server's port.
func (s *scriptServer) port() string {
	_, p, _ := net.SplitHostPort(s.Listener.Addr().String())
	return p
}

// scriptRun is what one run of a testdata script produced.
type scriptRun struct {
	res    engine.Result
	err    error
	stderr string
	points []point // the --out json Point lines
}

type point struct {
	Metric string
	Value  float64
	Tags   map[string]string
}

// runHTTPScript runs engine/testdata/<dir>/script.js through the engine's
// public entry point with k6, k6/http and k6/metrics, BASE (the server's
// URL) and env in __ENV, and its samples written by --out json.
func runHTTPScript(t *testing.T, dir string, srv *scriptServer, env map[string]string) scriptRun {
	t.Helper()
	e := map[string]string{"BASE": srv.URL, "PORT": srv.port()}
	for k, v := range env {
		e[k] = v
	}
	var stdout, stderr syncbuf.Buffer
	out := filepath.Join(t.TempDir(), "samples.json")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := engine.Options{
		ScriptPath: filepath.Join("..", "..", "testdata", dir, "script.js"),
		Modules: map[string]modules.Module{
			"k6": k6.New(), "k6/http": k6http.New(), "k6/metrics": k6metrics.New(),
		},
		Env:     e,
		Outputs: []string{"json=" + out},
		Quiet:   true,
		Stdout:  &stdout,
		Stderr:  &stderr,
		Logger:  slog.New(slog.NewTextHandler(&stderr, nil)),
	}
	run := scriptRun{}
	eng, err := engine.New(ctx, opts)
	if err != nil {
		run.err, run.stderr = err, stderr.String()
		return run
	}
	run.res, run.err = eng.Run(ctx)
	run.stderr = stderr.String()
	run.points = readPoints(t, out)
	return run
}

func readPoints(t *testing.T, path string) []point {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("--out json: %v", err)
	}
	defer f.Close()
	var pts []point
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l struct {
			Type, Metric string
			Data         struct {
				Value float64
				Tags  map[string]string
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("--out json line %s: %v", sc.Text(), err)
		}
		if l.Type == "Point" {
			pts = append(pts, point{l.Metric, l.Data.Value, l.Data.Tags})
		}
	}
	return pts
}

// mustPass fails the test unless the run exited 0, its iterations threw
// nothing (an exception is only logged, as in k6), no option was ignored,
// and it ran checks that all passed.
func (r scriptRun) mustPass(t *testing.T) {
	t.Helper()
	passed, failed := checkResults(r.res.Summary["root_group"])
	if len(failed) > 0 {
		t.Errorf("failed checks: %s", strings.Join(failed, "; "))
	}
	if passed == 0 && len(failed) == 0 {
		t.Errorf("the script ran no checks")
	}
	if strings.Contains(r.stderr, "is not supported by mcpchaos and is ignored") {
		t.Errorf("an option was warned about instead of honoured:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "level=ERROR") {
		t.Errorf("the script threw:\n%s", r.stderr)
	}
	if r.err != nil || r.res.ExitCode != 0 {
		t.Fatalf("exit %d: %v\n%s", r.res.ExitCode, r.err, r.stderr)
	}
}

// checkResults counts the passed checks and names the failed ones.
func checkResults(g any) (passed int, failed []string) {
	m, _ := g.(map[string]any)
	cs, _ := m["checks"].([]any)
	for _, c := range cs {
		cm, _ := c.(map[string]any)
		p, _ := cm["passes"].(float64)
		passed += int(p)
		if f, _ := cm["fails"].(float64); f > 0 {
			failed = append(failed, fmt.Sprint(cm["name"]))
		}
	}
	gs, _ := m["groups"].([]any)
	for _, sub := range gs {
		p, f := checkResults(sub)
		passed, failed = passed+p, append(failed, f...)
	}
	return passed, failed
}

// metric reads data.metrics[name].values[stat] from the summary.
func (r scriptRun) metric(t *testing.T, name, stat string) float64 {
	t.Helper()
	ms, _ := r.res.Summary["metrics"].(map[string]any)
	m, _ := ms[name].(map[string]any)
	vs, _ := m["values"].(map[string]any)
	v, ok := vs[stat].(float64)
	if !ok {
		t.Fatalf("summary has no %s %s", name, stat)
	}
	return v
}

// pointsOf are the samples of one metric.
func (r scriptRun) pointsOf(metric string) []point {
	var out []point
	for _, p := range r.points {
		if p.Metric == metric {
			out = append(out, p)
		}
	}
	return out
}
