package k6http_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// TestRunOptions: the run's insecureSkipTLSVerify, userAgent,
// maxRedirects and discardResponseBodies set the defaults, set after
// init as the engine does; params still override them.
func TestRunOptions(t *testing.T) {
	t.Parallel()
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ua="+strings.Join(r.Header.Values("User-Agent"), ","))
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	srv := server(t)
	empty, agent, none := "", "my-agent/2", int64(0)
	tests := []struct {
		name string
		opts modules.HTTPOptions
		base string
		js   string
		want string
	}{
		{"self-signed refused by default", modules.HTTPOptions{}, tlsSrv.URL, `String(http.get(BASE).error_code)`, "1310"},
		{"insecureSkipTLSVerify", modules.HTTPOptions{InsecureSkipTLSVerify: true}, tlsSrv.URL, `http.get(BASE).body`, "ua=mcpchaos-k6http/1 (k6-compatible)"},
		{"userAgent", modules.HTTPOptions{InsecureSkipTLSVerify: true, UserAgent: &agent}, tlsSrv.URL, `http.get(BASE).body`, "ua=my-agent/2"},
		{"userAgent empty sends none", modules.HTTPOptions{InsecureSkipTLSVerify: true, UserAgent: &empty}, tlsSrv.URL, `http.get(BASE).body`, "ua="},
		{"params header wins", modules.HTTPOptions{InsecureSkipTLSVerify: true, UserAgent: &agent}, tlsSrv.URL, `http.get(BASE, {headers: {"User-Agent": "mine"}}).body`, "ua=mine"},
		{"maxRedirects 0", modules.HTTPOptions{MaxRedirects: &none}, srv.URL, `String(http.get(BASE + "/redirect").status)`, "302"},
		{"params redirects win", modules.HTTPOptions{MaxRedirects: &none}, srv.URL, `String(http.get(BASE + "/redirect", {redirects: 1}).status)`, "200"},
		{"discardResponseBodies", modules.HTTPOptions{DiscardResponseBodies: true}, srv.URL, `String(http.get(BASE + "/json").body)`, "null"},
		{"params responseType wins", modules.HTTPOptions{DiscardResponseBodies: true}, srv.URL, `http.get(BASE + "/json", {responseType: "text"}).body.length > 0 ? "body" : "none"`, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vu := newVU(t, context.Background(), tt.base)
			vu.Env.HTTP = tt.opts
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
