package assertions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/mcpchaos/mcpchaos/config"
)

// Expectation is one thing the pipeline must show. Evaluate never
// returns without a verdict: a problem with the expectation itself or
// with its backend is a Result with Status Error.
type Expectation interface {
	// Kind is the expectation's name in scripts ("alertFires").
	Kind() string
	// String says what is expected, for messages.
	String() string
	Evaluate(ctx context.Context, b *Backends) Result
}

// Backends are the clients of the pipeline's backends. A backend
// mcpchaos.yaml does not configure is nil; expectations that need it
// report Error naming the missing key.
type Backends struct {
	Prometheus   *Prometheus
	Alertmanager *Alertmanager
	Webhook      *Webhook
	Logs         Logs
	Traces       Traces
	// Ruler is a second evaluator of alerting rules (vmalert), asked for
	// the rules Prometheus does not have (backends.ruler).
	Ruler *Prometheus
}

// Option configures New.
type Option func(*options)

type options struct {
	lookupEnv func(string) (string, bool)
	hc        *http.Client
}

// WithLookupEnv reads the variables that backends.*.bearer_token_env
// name (os.LookupEnv in the CLI); without it none is read.
func WithLookupEnv(f func(string) (string, bool)) Option {
	return func(o *options) { o.lookupEnv = f }
}

// WithHTTPClient sends every request through hc.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.hc = hc } }

// New builds a client for each backend cfg configures (a URL set).
// A configured backend whose settings are wrong is an error naming the
// key, with every problem reported at once.
func New(cfg config.Backends, opts ...Option) (*Backends, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	b := &Backends{}
	var errs []error
	build := func(name string, e config.Endpoint, set func(*endpoint) error) {
		if e.URL == "" {
			return
		}
		ep, err := newEndpoint(name, e, o.lookupEnv, o.hc)
		if err == nil {
			err = set(ep)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	build("prometheus", cfg.Prometheus, func(ep *endpoint) (err error) {
		b.Prometheus, err = newPrometheus(ep)
		return err
	})
	build("alertmanager", cfg.Alertmanager, func(ep *endpoint) error {
		b.Alertmanager = &Alertmanager{ep: ep}
		return nil
	})
	build("webhook", cfg.Webhook, func(ep *endpoint) error {
		b.Webhook = &Webhook{ep: ep}
		return nil
	})
	build("ruler", cfg.Ruler, func(ep *endpoint) (err error) {
		b.Ruler, err = newPrometheus(ep)
		return err
	})
	build("logs", cfg.Logs, func(ep *endpoint) (err error) {
		b.Logs, err = newLogs(cfg.Logs.Kind, ep)
		return err
	})
	build("traces", cfg.Traces, func(ep *endpoint) (err error) {
		b.Traces, err = newTraces(cfg.Traces.Kind, ep)
		return err
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("backends: %w", joinErrs(errs))
	}
	return b, nil
}

// need returns an ErrNoBackend error when a backend is missing.
func need(ok bool, key string) error {
	if ok {
		return nil
	}
	return fmt.Errorf("%w: set backends.%s.url in mcpchaos.yaml (or MCPCHAOS_BACKENDS_%s_URL)", ErrNoBackend, key, upper(key))
}
