package session

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// Transport names how a session reaches its server.
type Transport string

// The transports mcp-go offers.
const (
	StreamableHTTP Transport = "streamable-http"
	SSE            Transport = "sse"
	Stdio          Transport = "stdio"
)

// ProtocolVersions returns the MCP revisions a session can be pinned to.
// The first three use initialize and Mcp-Session-Id; 2026-07-28 is the
// stateless core (server/discover, no session), which mcp-go v1.2.1
// speaks over every transport.
func ProtocolVersions() []string {
	return []string{"2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"}
}

// DefaultTimeout bounds a call when Options.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Options configure a Session. Only Transport with URL (or Command for
// stdio) are required.
type Options struct {
	Transport Transport
	// URL is the MCP endpoint (Streamable HTTP) or the SSE endpoint.
	URL string
	// Headers are sent with every HTTP request.
	Headers map[string]string
	// BearerToken, if set, is sent as "Authorization: Bearer <token>".
	BearerToken string
	TLS         TLS

	// Command, Args, Env and Dir start a stdio server. Env adds to the
	// current environment. Stderr receives the server's stderr (discarded
	// when nil).
	Command string
	Args    []string
	Env     map[string]string
	Dir     string
	Stderr  io.Writer

	// ProtocolVersion pins the revision; empty lets mcp-go negotiate (it
	// tries 2026-07-28 first and falls back to the initialize handshake).
	// A pinned version the server does not accept fails Dial.
	ProtocolVersion string
	// Timeout bounds each call (DefaultTimeout when zero); a call's own
	// Request.Timeout overrides it. ConnectTimeout bounds Dial and
	// reconnects (Timeout when zero).
	Timeout        time.Duration
	ConnectTimeout time.Duration
	// Unsampled clears the sampled flag of every traceparent sent.
	Unsampled bool
	// Propagation says where requests carry their traceparent
	// (PropagateBoth when empty).
	Propagation Propagation
	// NoReconnect turns off re-initializing a session the server forgot.
	NoReconnect bool
	// ClientName and ClientVersion identify the client in initialize.
	ClientName, ClientVersion string

	// Logger receives mcp-go's transport logs (discarded when nil).
	Logger *slog.Logger

	// Observer, if set, sees every operation and session event.
	Observer Observer
	// Tracer, if set, records a client span per request, named and
	// attributed per the OpenTelemetry MCP semantic conventions; the
	// traceparent sent is then that span's.
	Tracer trace.Tracer
}

// TLS configures HTTPS. PEM fields take the certificate text itself, File
// fields a path.
type TLS struct {
	CAFile, CAPEM                      string
	CertFile, KeyFile, CertPEM, KeyPEM string
	ServerName                         string
	InsecureSkipVerify                 bool
}

// Validate reports every problem with the options.
func (o Options) Validate() []error {
	var errs []error
	switch o.Transport {
	case StreamableHTTP, SSE:
		u, err := url.Parse(o.URL)
		switch {
		case o.URL == "":
			errs = append(errs, fmt.Errorf("%s transport needs a URL (e.g. http://127.0.0.1:8080/mcp)", o.Transport))
		case err != nil:
			errs = append(errs, fmt.Errorf("URL %q: %w", o.URL, err))
		case u.Scheme != "http" && u.Scheme != "https" || u.Host == "":
			errs = append(errs, fmt.Errorf("URL %q: use an absolute http:// or https:// URL", o.URL))
		}
	case Stdio:
		if o.Command == "" {
			errs = append(errs, errors.New("stdio transport needs a command path"))
		}
	default:
		errs = append(errs, fmt.Errorf("transport %q: use %s, %s or %s", o.Transport, StreamableHTTP, SSE, Stdio))
	}
	if v := o.ProtocolVersion; v != "" && v != ProtocolAuto && !slices.Contains(ProtocolVersions(), v) {
		errs = append(errs, fmt.Errorf("protocol version %q: use one of %v or %q", v, ProtocolVersions(), ProtocolAuto))
	}
	switch o.Propagation {
	case "", PropagateBoth, PropagateMeta:
	case PropagateHeader:
		if o.Transport == Stdio {
			errs = append(errs, fmt.Errorf("propagation %q: stdio has no headers, so the server would get no trace context; use %q or %q", o.Propagation, PropagateMeta, PropagateBoth))
		}
	default:
		errs = append(errs, fmt.Errorf("propagation %q: use %q (the default), %q or %q", o.Propagation, PropagateBoth, PropagateHeader, PropagateMeta))
	}
	if o.Timeout < 0 || o.ConnectTimeout < 0 {
		errs = append(errs, errors.New("timeouts must not be negative"))
	}
	hasCert := o.TLS.CertFile != "" || o.TLS.CertPEM != ""
	hasKey := o.TLS.KeyFile != "" || o.TLS.KeyPEM != ""
	if hasCert != hasKey {
		errs = append(errs, errors.New("tls: give both a client certificate and its key, or neither"))
	}
	return errs
}

// Propagation is where a request carries its traceparent.
type Propagation string

const (
	// PropagateBoth sends it in the traceparent HTTP header and in
	// params._meta (SEP-414): servers that read either see it.
	PropagateBoth Propagation = "both"
	// PropagateHeader sends only the HTTP header. It spares the server
	// decoding _meta, which mcp-go's server does several times per
	// request: against its no-op tool that costs about a quarter of the
	// calls per second (see xk6-mcp/bench).
	PropagateHeader Propagation = "header"
	// PropagateMeta sends only params._meta.
	PropagateMeta Propagation = "meta"
)

// sendsHeader and sendsMeta say where the traceparent goes.
func (o Options) sendsHeader() bool { return o.Propagation != PropagateMeta }
func (o Options) sendsMeta() bool   { return o.Propagation != PropagateHeader }

func (o Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultTimeout
}

func (o Options) connectTimeout() time.Duration {
	if o.ConnectTimeout > 0 {
		return o.ConnectTimeout
	}
	return o.timeout()
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// server names the peer in error messages.
func (o Options) server() string {
	if o.Transport == Stdio {
		return o.Command
	}
	return o.URL
}

// config builds the client TLS configuration; nil when nothing is set.
func (t TLS) config() (*tls.Config, error) {
	if t == (TLS{}) {
		return nil, nil
	}
	c := &tls.Config{ServerName: t.ServerName, InsecureSkipVerify: t.InsecureSkipVerify} //nolint:gosec // the user asked for it
	ca, err := pemOrFile(t.CAPEM, t.CAFile)
	if err != nil {
		return nil, fmt.Errorf("tls ca: %w", err)
	}
	if ca != nil {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(ca) {
			return nil, errors.New("tls ca: no PEM certificate found")
		}
		c.RootCAs = pool
	}
	cert, err := pemOrFile(t.CertPEM, t.CertFile)
	if err != nil {
		return nil, fmt.Errorf("tls client certificate: %w", err)
	}
	key, err := pemOrFile(t.KeyPEM, t.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("tls client key: %w", err)
	}
	if cert != nil || key != nil {
		pair, err := tls.X509KeyPair(cert, key)
		if err != nil {
			return nil, fmt.Errorf("tls client certificate and key: %w", err)
		}
		c.Certificates = []tls.Certificate{pair}
	}
	return c, nil
}

func pemOrFile(pem, file string) ([]byte, error) {
	if pem != "" {
		return []byte(pem), nil
	}
	if file == "" {
		return nil, nil
	}
	return os.ReadFile(file)
}
