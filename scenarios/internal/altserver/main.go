package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/mark3labs/mcp-go/server"
)

// mcpPath is where the contract serves MCP.
const mcpPath = "/mcp"

// shutdownWithin keeps the exit on SIGTERM inside the contract's 5 s.
const shutdownWithin = 3 * time.Second

// config is what the stack tells the server through its environment
// (stack/CONTRACT.md).
type config struct {
	mcpAddr, metricsAddr, logFile string
	certFile, keyFile             string
	downstream                    string
}

// configFromEnv reads the contract's variables, reporting every missing
// one at once.
func configFromEnv() (config, error) {
	c := config{
		mcpAddr:     os.Getenv("MCP_LISTEN_ADDR"),
		metricsAddr: os.Getenv("METRICS_LISTEN_ADDR"),
		logFile:     os.Getenv("LOG_FILE"),
		certFile:    os.Getenv("TLS_CERT_FILE"),
		keyFile:     os.Getenv("TLS_KEY_FILE"),
		downstream:  strings.TrimRight(os.Getenv("DOWNSTREAM_URL"), "/"),
	}
	var missing []string
	for _, name := range []string{"MCP_LISTEN_ADDR", "METRICS_LISTEN_ADDR", "LOG_FILE", "DOWNSTREAM_URL"} {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if (c.certFile == "") != (c.keyFile == "") {
		missing = append(missing, "both TLS_CERT_FILE and TLS_KEY_FILE (or neither)")
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("altserver: set %s (see stack/CONTRACT.md)", strings.Join(missing, ", "))
	}
	return c, nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run serves until SIGTERM or SIGINT, then shuts down within
// shutdownWithin.
func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	log, closeLog, err := openLog(cfg.logFile)
	if err != nil {
		return err
	}
	defer closeLog()
	tel, err := newTelemetry(ctx)
	if err != nil {
		return err
	}
	defer func() {
		c, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = tel.shutdown(c)
	}()
	met := newMetrics()
	mux, streamable := mcpHandler(&tools{log: log, tel: tel, met: met, downstream: cfg.downstream, client: tel.httpClient()})

	// The MCP listener comes first: /metrics answering means ready.
	mcpLn, tlsCfg, err := listen(cfg)
	if err != nil {
		return err
	}
	mcpHTTP := &http.Server{Handler: mux, TLSConfig: tlsCfg, ReadHeaderTimeout: 10 * time.Second}
	metricsHTTP := &http.Server{Addr: cfg.metricsAddr, Handler: met.handler(), ReadHeaderTimeout: 10 * time.Second}
	metricsLn, err := net.Listen("tcp", cfg.metricsAddr)
	if err != nil {
		mcpLn.Close()
		return fmt.Errorf("altserver: metrics listener: %w", err)
	}
	errc := make(chan error, 2)
	go func() {
		if tlsCfg != nil {
			errc <- mcpHTTP.ServeTLS(mcpLn, "", "") // certificates from GetCertificate
			return
		}
		errc <- mcpHTTP.Serve(mcpLn)
	}()
	go func() { errc <- metricsHTTP.Serve(metricsLn) }()
	log.Info("server started", slog.String("mcp_addr", cfg.mcpAddr), slog.Bool("tls", cfg.certFile != ""))

	select {
	case <-ctx.Done():
		err = nil
	case err = <-errc:
		err = fmt.Errorf("altserver: serve: %w", err)
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWithin)
	defer cancel()
	// CloseSessions unregisters every session; http.Server.Shutdown waits
	// for calls in flight.
	streamable.CloseSessions(sctx)
	return errors.Join(err, ignoreClosed(mcpHTTP.Shutdown(sctx)), ignoreClosed(metricsHTTP.Shutdown(sctx)))
}

// mcpHandler serves the tools over Streamable HTTP at /mcp, with the
// caller's traceparent header in each request's context. Sessions idle
// for 10 minutes are dropped (a client that never said DELETE).
func mcpHandler(t *tools) (*http.ServeMux, *server.StreamableHTTPServer) {
	streamable := server.NewStreamableHTTPServer(newMCPServer(t),
		server.WithEndpointPath(mcpPath),
		server.WithHTTPContextFunc(t.tel.extractHeader),
		server.WithSessionIdleTTL(10*time.Minute),
	)
	mux := http.NewServeMux()
	mux.Handle(mcpPath, streamable)
	return mux, streamable
}

// listen opens the MCP listener and, when the contract's TLS variables
// are set, the TLS config whose certificate reloads as the files change
// (nil: plain HTTP).
func listen(cfg config) (net.Listener, *tls.Config, error) {
	var tlsCfg *tls.Config
	if cfg.certFile != "" {
		certs := &reloadingCert{certFile: cfg.certFile, keyFile: cfg.keyFile}
		if _, err := certs.get(nil); err != nil {
			return nil, nil, err
		}
		tlsCfg = &tls.Config{GetCertificate: certs.get, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", cfg.mcpAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("altserver: MCP listener: %w", err)
	}
	return ln, tlsCfg, nil
}

// ignoreClosed drops the error a server reports for having been shut down.
func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return err
}
