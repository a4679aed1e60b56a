package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// Prober runs probes. It is immutable after New and safe for concurrent use.
type Prober struct {
	modules  map[string]*module
	version  string
	resolver *net.Resolver
	lookup   func(string) (string, bool)
	now      func() time.Time
}

// module is a validated Module with its compiled and loaded parts.
type module struct {
	Module
	name   string
	expect *regexp.Regexp // nil: any result
	tls    tlsBase
}

// Option configures a Prober.
type Option func(*Prober) error

// WithVersion sets the version in the User-Agent (mcpchaos-probe/<version>)
// and in clientInfo.
func WithVersion(version string) Option {
	return func(p *Prober) error {
		if strings.TrimSpace(version) == "" {
			return errors.New("probe version is empty")
		}
		p.version = version
		return nil
	}
}

// WithResolver sets the DNS resolver (default net.DefaultResolver).
func WithResolver(r *net.Resolver) Option {
	return func(p *Prober) error {
		if r == nil {
			return errors.New("probe resolver is nil")
		}
		p.resolver = r
		return nil
	}
}

// WithLookupEnv sets how bearer_token_env is read (default os.LookupEnv).
func WithLookupEnv(lookup func(string) (string, bool)) Option {
	return func(p *Prober) error {
		if lookup == nil {
			return errors.New("probe env lookup is nil")
		}
		p.lookup = lookup
		return nil
	}
}

// WithClock sets the clock used for timings and certificate validity.
func WithClock(now func() time.Time) Option {
	return func(p *Prober) error {
		if now == nil {
			return errors.New("probe clock is nil")
		}
		p.now = now
		return nil
	}
}

// New validates cfg and returns a Prober with its modules plus the built-in
// "default" module (unless cfg overrides it). Every problem is reported at
// once, naming the module and field.
func New(cfg Config, opts ...Option) (*Prober, error) {
	p := &Prober{version: "dev", resolver: net.DefaultResolver, lookup: os.LookupEnv, now: time.Now}
	var errs []error
	for _, opt := range opts {
		if err := opt(p); err != nil {
			errs = append(errs, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	modules := map[string]Module{DefaultModuleName: DefaultModule()}
	for name, m := range cfg.Modules {
		modules[name] = m
	}
	var probs problems
	p.modules = make(map[string]*module, len(modules))
	for _, name := range sortedNames(modules) {
		p.modules[name] = p.prepare(name, modules[name].withDefaults(), &probs)
	}
	if err := probs.err(); err != nil {
		return nil, err
	}
	return p, nil
}

// prepare compiles and loads what a module needs, reporting problems that
// need the file system or environment.
func (p *Prober) prepare(name string, m Module, probs *problems) *module {
	mod := &module{Module: m, name: name, tls: loadTLS(name, m.TLS, probs)}
	if c := m.Steps.CallTool; c != nil && c.ExpectResult != "" {
		mod.expect = regexp.MustCompile(c.ExpectResult) // compiled in Validate already
	}
	if _, err := mod.bearerToken(p.lookup); err != nil {
		probs.add(name, err.field, "%s", err.msg)
	}
	return mod
}

// tokenError says why a bearer token cannot be read; it never holds the token.
type tokenError struct{ field, msg string }

func (e *tokenError) Error() string { return e.field + ": " + e.msg }

// bearerToken reads the module's token from where it is configured.
func (m *module) bearerToken(lookup func(string) (string, bool)) (string, *tokenError) {
	switch {
	case m.BearerToken != "":
		return m.BearerToken.Reveal(), nil
	case m.BearerTokenEnv != "":
		v, ok := lookup(m.BearerTokenEnv)
		if !ok || strings.TrimSpace(v) == "" {
			return "", &tokenError{"bearer_token_env", fmt.Sprintf("environment variable %s is not set or empty; export it", m.BearerTokenEnv)}
		}
		return strings.TrimSpace(v), nil
	case m.BearerTokenFile != "":
		data, err := os.ReadFile(m.BearerTokenFile)
		if err != nil {
			return "", &tokenError{"bearer_token_file", fmt.Sprintf("cannot be read: %v", err)}
		}
		if v := strings.TrimSpace(string(data)); v != "" {
			return v, nil
		}
		return "", &tokenError{"bearer_token_file", fmt.Sprintf("%s is empty; write the token into it", m.BearerTokenFile)}
	}
	return "", nil
}

// UserAgent is the User-Agent the probe sends.
func (p *Prober) UserAgent() string { return clientName + "/" + p.version }

// Module returns the named module with defaults filled in.
func (p *Prober) Module(name string) (Module, bool) {
	m, ok := p.modules[name]
	if !ok {
		return Module{}, false
	}
	return m.Module, true
}

// ModuleNames lists the modules, sorted.
func (p *Prober) ModuleNames() []string {
	names := make([]string, 0, len(p.modules))
	for name := range p.modules {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// ParseTarget checks that target is an absolute http(s) URL without
// credentials.
func ParseTarget(target string) (*url.URL, error) {
	u, err := url.Parse(target)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrInvalidTarget, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: %q: use an http:// or https:// URL", ErrInvalidTarget, u.Redacted())
	case u.Host == "":
		return nil, fmt.Errorf("%w: %q has no host", ErrInvalidTarget, u.Redacted())
	case u.User != nil:
		return nil, fmt.Errorf("%w: %q carries credentials; put them in the module (bearer_token_env, headers)", ErrInvalidTarget, u.Redacted())
	}
	return u, nil
}

// Probe runs one probe of target with the named module, bounded by ctx and
// the module's timeout.
func (p *Prober) Probe(ctx context.Context, target, moduleName string) (res Result) {
	res = Result{Target: target, Module: moduleName}
	start := p.now()
	defer func() { res.Duration = p.now().Sub(start) }()

	mod, ok := p.modules[moduleName]
	if !ok {
		res.Err = fmt.Errorf("%w %q; known: %s", ErrUnknownModule, moduleName, strings.Join(p.ModuleNames(), ", "))
		return res
	}
	u, err := ParseTarget(target)
	if err != nil {
		res.Err = err
		return res
	}
	token, tokErr := mod.bearerToken(p.lookup)
	if tokErr != nil {
		res.Err = fmt.Errorf("module %q: %w", moduleName, tokErr)
		return res
	}
	ctx, cancel := context.WithTimeout(ctx, mod.effectiveTimeout())
	defer cancel()

	secrets := redactor{token}
	for _, v := range mod.Headers {
		secrets = append(secrets, v.Reveal())
	}
	tr := newTracker(p.now, secrets)
	trace := traceparent.New(true)
	res.TraceID = trace.TraceIDString()
	certs := &peerCerts{}
	transport := p.newTransport(mod, u, certs)
	defer transport.CloseIdleConnections()

	c := &conn{
		client: &http.Client{
			Transport: transport,
			// An MCP endpoint does not redirect; following one could carry
			// the token elsewhere. A 3xx is an http_status failure.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		target:    u,
		mod:       mod,
		token:     token,
		userAgent: p.UserAgent(),
		version:   p.version,
		trace:     trace,
		tr:        tr,
	}
	if isModern(mod.ProtocolVersion) {
		c.negotiated = mod.ProtocolVersion // stated on every request, no handshake
	}
	tr.logf("probe %s with module %s, trace_id %s, timeout %s", u.Redacted(), moduleName, res.TraceID, mod.effectiveTimeout())
	runErr := run(tr.withTrace(ctx), c, &res)

	if runErr != nil {
		phase := tr.current()
		reason := classify(runErr, phase, ctx.Err())
		res.Err = &Error{Phase: phase, Reason: reason, Err: redactedError{msg: secrets.redact(runErr.Error()), cause: runErr}}
		tr.logf("probe failed: %v", res.Err)
	} else {
		res.Success = true
		tr.logf("probe succeeded")
	}
	res.Phases, res.Events = tr.snapshot()
	res.CertExpiry = certs.earliestExpiry()
	return res
}

// newTransport makes a fresh transport per probe so every probe measures
// DNS, connect and TLS, like the blackbox exporter does.
func (p *Prober) newTransport(mod *module, u *url.URL, certs *peerCerts) *http.Transport {
	dialer := &net.Dialer{Resolver: p.resolver}
	t := &http.Transport{
		DialContext:         dialer.DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 2,
		DisableCompression:  true,
	}
	if u.Scheme == "https" {
		t.TLSClientConfig = mod.tls.clientConfig(u.Hostname(), p.now, certs)
	}
	return t
}

// redactedError keeps the cause for errors.As but prints scrubbed text.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.cause }
