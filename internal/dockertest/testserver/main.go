// Command testserver is the container the docker driver's tests fault:
// a static binary for a FROM-scratch image that serves HTTP and TLS and
// allocates memory on request, so an OOM kill can be caused.
//
//	GET /health          200 ok
//	GET /alloc?mb=N      allocates and keeps N MiB (touched, so resident)
//	GET /started         when this process started (RFC 3339, nanoseconds)
//
// TLS serves the certificate in $TLS_CERT/$TLS_KEY, read again whenever
// either file changes, as a server that reloads its certificate does.
// With -health it checks /health and exits 0 or 1 (a HEALTHCHECK that
// needs no shell).
package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"
)

func main() {
	health := flag.Bool("health", false, "check /health and exit")
	addr := flag.String("http", ":8080", "HTTP address")
	tlsAddr := flag.String("tls", ":8443", "TLS address (with $TLS_CERT and $TLS_KEY)")
	flag.Parse()
	if *health {
		c := http.Client{Timeout: 2 * time.Second}
		resp, err := c.Get("http://127.0.0.1" + *addr + "/health")
		if err != nil || resp.StatusCode != http.StatusOK {
			os.Exit(1)
		}
		os.Exit(0)
	}
	started := time.Now()
	var mu sync.Mutex
	var kept [][]byte
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/started", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, started.Format(time.RFC3339Nano)) })
	mux.HandleFunc("/alloc", func(w http.ResponseWriter, r *http.Request) {
		mb, err := strconv.Atoi(r.URL.Query().Get("mb"))
		if err != nil || mb <= 0 {
			http.Error(w, "give mb=N", http.StatusBadRequest)
			return
		}
		b := make([]byte, mb<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		mu.Lock()
		kept = append(kept, b)
		n := len(kept)
		mu.Unlock()
		fmt.Fprintf(w, "%d chunks\n", n)
	})
	go serve(*addr, mux, nil)
	if cert, key := os.Getenv("TLS_CERT"), os.Getenv("TLS_KEY"); cert != "" {
		r := &reloader{cert: cert, key: key}
		go serve(*tlsAddr, mux, &tls.Config{GetCertificate: r.get})
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
}

func serve(addr string, h http.Handler, tc *tls.Config) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// reloader loads the key pair again when a file's size or mtime changes.
type reloader struct {
	cert, key string
	mu        sync.Mutex
	stamp     string
	pair      *tls.Certificate
}

func (r *reloader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	stamp := ""
	for _, f := range []string{r.cert, r.key} {
		fi, err := os.Stat(f)
		if err != nil {
			return nil, err
		}
		stamp += fmt.Sprintf("%d/%d;", fi.Size(), fi.ModTime().UnixNano())
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pair == nil || stamp != r.stamp {
		p, err := tls.LoadX509KeyPair(r.cert, r.key)
		if err != nil {
			return nil, err
		}
		r.pair, r.stamp = &p, stamp
	}
	return r.pair, nil
}
