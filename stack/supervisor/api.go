package supervisor

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mcpchaos/mcpchaos/stack/control"
)

// handler routes the supervisor's HTTP API.
func (s *Supervisor) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+control.PathHealth, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.Handle("GET "+control.PathMetrics, promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("POST "+control.PathWebhook, s.sink.receive)
	mux.HandleFunc("GET "+control.PathWebhookAlerts, s.sink.list)

	api := http.NewServeMux()
	api.HandleFunc("GET "+control.PathStatus, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Status())
	})
	api.HandleFunc("GET "+control.PathComponents, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Status().Components)
	})
	api.HandleFunc("GET "+control.PathComponents+"/{name}", func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.procs[r.PathValue("name")]
		if !ok {
			writeErr(w, fmt.Errorf("component %q: %w", r.PathValue("name"), control.ErrUnknownComponent))
			return
		}
		writeJSON(w, http.StatusOK, p.snapshot())
	})
	api.HandleFunc("POST "+control.PathActions, func(w http.ResponseWriter, r *http.Request) {
		var a control.Action
		if !decode(w, r, &a) {
			return
		}
		if err := s.apply(r.Context(), a); err != nil {
			writeErr(w, err)
			return
		}
		p, ok := s.procs[a.Component]
		if !ok { // hold and http name no component
			writeJSON(w, http.StatusOK, control.Component{})
			return
		}
		writeJSON(w, http.StatusOK, p.snapshot())
	})
	api.HandleFunc("GET "+control.PathLeases, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.leases.list())
	})
	api.HandleFunc("POST "+control.PathLeases, func(w http.ResponseWriter, r *http.Request) {
		var req control.LeaseRequest
		if !decode(w, r, &req) {
			return
		}
		l, err := s.leases.create(r.Context(), req)
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, l)
	})
	api.HandleFunc("POST "+control.PathLeases+"/{id}/renew", func(w http.ResponseWriter, r *http.Request) {
		var req control.RenewRequest
		if !decode(w, r, &req) {
			return
		}
		l, err := s.leases.renew(r.PathValue("id"), time.Duration(req.TTL))
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, l)
	})
	api.HandleFunc("DELETE "+control.PathLeases+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		l, err := s.leases.release(r.PathValue("id"))
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, l)
	})
	api.HandleFunc("POST "+control.PathShutdown, func(w http.ResponseWriter, _ *http.Request) {
		s.requestShutdown()
		writeJSON(w, http.StatusAccepted, map[string]string{"status": "shutting down"})
	})
	mux.Handle("/api/", s.authorize(api))
	return loopbackOnly(mux)
}

// authorize requires the bearer token.
func (s *Supervisor) authorize(next http.Handler) http.Handler {
	want := []byte("Bearer " + s.token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mcpchaos supervisor"`)
			writeErr(w, control.ErrUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackOnly refuses clients that are not on loopback (defence in depth:
// the listener is bound to loopback already).
func loopbackOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			writeErr(w, control.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeErr(w, fmt.Errorf("request body: %v: %w", err, control.ErrBadRequest))
		return false
	}
	return true
}

// writeErr answers with err's type and status (control.ErrorFor). A
// refused token gets the fixed advice, never what was sent.
func writeErr(w http.ResponseWriter, err error) {
	e := control.ErrorFor(err)
	if e.Type == control.ErrorUnauthorized {
		e.Message = control.ErrUnauthorized.Error()
	}
	e.Message = strings.TrimSpace(e.Message)
	writeJSON(w, e.StatusCode, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
