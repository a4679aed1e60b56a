package mcp

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/internal/duration"
	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// clientConfig is what a constructor or mcp.connect was given.
type clientConfig struct {
	opts       session.Options
	throw      bool
	newSession bool
	tags       map[string]string
	otel       *otelConfig
}

// otelConfig selects an OTLP/HTTP trace endpoint for client spans.
type otelConfig struct {
	Endpoint    string
	Headers     map[string]string
	ServiceName string
}

// reader reads an options object, remembering which keys it used so that
// unknown ones (typos) are reported. Keys are accepted in both the
// grafana/xk6-mcp snake_case and camelCase.
type reader struct {
	what string
	m    map[string]any
	used map[string]bool
	errs []error
}

func newReader(what string, v any) *reader {
	r := &reader{what: what, used: map[string]bool{}}
	switch m := v.(type) {
	case nil:
	case map[string]any:
		r.m = m
	default:
		r.errs = append(r.errs, fmt.Errorf("%s must be an object, not %T", what, v))
	}
	return r
}

// get returns the first of keys that is set.
func (r *reader) get(keys ...string) (any, string, bool) {
	for _, k := range keys {
		r.used[k] = true
	}
	for _, k := range keys {
		if v, ok := r.m[k]; ok && v != nil {
			return v, k, true
		}
	}
	return nil, "", false
}

func (r *reader) fail(key string, format string, args ...any) {
	r.errs = append(r.errs, fmt.Errorf("%s.%s: "+format, append([]any{r.what, key}, args...)...))
}

func (r *reader) str(keys ...string) string {
	v, k, ok := r.get(keys...)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(k, "want a string, got %T", v)
	}
	return s
}

func (r *reader) boolean(def bool, keys ...string) bool {
	v, k, ok := r.get(keys...)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(k, "want true or false, got %v", v)
		return def
	}
	return b
}

// duration reads "5s" strings or numbers of milliseconds, as k6 does
// (internal/duration).
func (r *reader) duration(keys ...string) time.Duration {
	v, k, ok := r.get(keys...)
	if !ok {
		return 0
	}
	d, err := duration.FromAny(v)
	if err != nil {
		r.fail(k, "%v", err)
	}
	return d
}

func (r *reader) strings(keys ...string) []string {
	v, k, ok := r.get(keys...)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(k, "want an array of strings, got %T", v)
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		out = append(out, fmt.Sprint(e))
	}
	return out
}

func (r *reader) strMap(keys ...string) map[string]string {
	v, k, ok := r.get(keys...)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(k, "want an object of strings, got %T", v)
		return nil
	}
	out := make(map[string]string, len(m))
	for name, val := range m {
		out[name] = fmt.Sprint(val)
	}
	return out
}

func (r *reader) sub(keys ...string) *reader {
	v, k, _ := r.get(keys...)
	s := newReader(r.what+"."+k, v)
	return s
}

// done reports unknown keys and every problem found.
func (r *reader) done() error {
	var unknown []string
	for k := range r.m {
		if !r.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		known := make([]string, 0, len(r.used))
		for k := range r.used {
			known = append(known, k)
		}
		sort.Strings(known)
		r.errs = append(r.errs, fmt.Errorf("%s: unknown option(s) %s; known: %s", r.what, strings.Join(unknown, ", "), strings.Join(known, ", ")))
	}
	return errors.Join(r.errs...)
}

// parseConfig reads a client's options over the defaults of mcpchaos.yaml.
// scriptDir resolves relative TLS file paths; env holds __ENV for the
// config's bearer_token_env.
func parseConfig(transport session.Transport, v any, cfg *config.Config, env map[string]string, scriptDir string) (clientConfig, error) {
	r := newReader("mcp options", v)
	c := clientConfig{opts: configDefaults(cfg, env, scriptDir)}
	o := &c.opts
	if t := r.str("transport"); t != "" {
		transport = session.Transport(t)
	}
	if transport != "" {
		o.Transport = transport
	}
	if u := r.str("base_url", "baseUrl", "baseURL", "url"); u != "" {
		o.URL = u
	}
	for k, val := range r.strMap("headers") {
		o.Headers[k] = val
	}
	auth := r.sub("auth")
	if tok := auth.str("bearer_token", "bearerToken"); tok != "" {
		o.BearerToken = tok
	}
	if tok := r.str("bearer_token", "bearerToken", "token"); tok != "" {
		o.BearerToken = tok
	}
	if d := r.duration("timeout"); d > 0 {
		o.Timeout = d
	}
	o.ConnectTimeout = r.duration("connect_timeout", "connectTimeout")
	if pv := r.str("protocol_version", "protocolVersion"); pv != "" {
		o.ProtocolVersion = pv
	}
	tlsErr := readTLS(r.sub("tls"), &o.TLS, scriptDir)
	o.Unsampled = !r.boolean(true, "sampled")
	o.Propagation = session.Propagation(r.str("propagation"))
	o.NoReconnect = !r.boolean(true, "reconnect")
	if p := r.str("path", "command"); p != "" {
		o.Command = p
	}
	o.Args = r.strings("args")
	o.Env = r.strMap("env")
	o.Dir = r.str("cwd", "dir")
	if r.boolean(false, "debug") { // grafana/xk6-mcp's switch for the server's stderr
		o.Stderr = os.Stderr
	}
	c.throw = r.boolean(true, "throw")
	c.newSession = r.boolean(false, "new_session", "newSession")
	c.tags = r.strMap("tags")
	c.otel = readOTel(r)
	if err := errors.Join(auth.done(), tlsErr, r.done()); err != nil {
		return c, err
	}
	if errs := o.Validate(); len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, nil
}

// configDefaults are the client options mcpchaos.yaml implies.
func configDefaults(cfg *config.Config, env map[string]string, scriptDir string) session.Options {
	if cfg == nil {
		return session.Options{Transport: session.StreamableHTTP, Headers: map[string]string{}}
	}
	return session.OptionsFromConfig(cfg.MCP, env, scriptDir)
}

// readTLS takes PEM text or file paths for ca, cert and key.
func readTLS(r *reader, t *session.TLS, scriptDir string) error {
	pemOrPath := func(v string, pem, file *string) {
		switch {
		case v == "":
		case strings.Contains(v, "-----BEGIN"):
			*pem, *file = v, ""
		default:
			*file, *pem = session.ResolvePath(v, scriptDir), ""
		}
	}
	pemOrPath(r.str("ca"), &t.CAPEM, &t.CAFile)
	pemOrPath(r.str("cert"), &t.CertPEM, &t.CertFile)
	pemOrPath(r.str("key"), &t.KeyPEM, &t.KeyFile)
	if sn := r.str("server_name", "serverName"); sn != "" {
		t.ServerName = sn
	}
	if r.boolean(false, "insecure_skip_verify", "insecureSkipVerify") {
		t.InsecureSkipVerify = true
	}
	return r.done()
}

// readOTel reads `otel: true` (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT)
// or `otel: {endpoint, headers, serviceName}`.
func readOTel(r *reader) *otelConfig {
	v, k, ok := r.get("otel")
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case bool:
		if !x {
			return nil
		}
		return &otelConfig{}
	case map[string]any:
		s := newReader(r.what+"."+k, x)
		c := &otelConfig{Endpoint: s.str("endpoint"), Headers: s.strMap("headers"), ServiceName: s.str("service_name", "serviceName")}
		r.errs = append(r.errs, s.done())
		return c
	default:
		r.fail(k, "want true or {endpoint, headers, serviceName}, got %T", v)
		return nil
	}
}

// callOptions are a call's second argument: {timeout, throw, tags}.
type callOptions struct {
	timeout time.Duration
	throw   bool
	tags    map[string]string
}

func parseCallOptions(v any, c *clientConfig) (callOptions, error) {
	r := newReader("call options", v)
	co := callOptions{timeout: r.duration("timeout"), throw: r.boolean(c.throw, "throw"), tags: r.strMap("tags")}
	return co, r.done()
}
