package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// EnvPrefix starts every environment override.
const EnvPrefix = "MCPCHAOS_"

// Default returns the configuration used when no file is given.
func Default() *Config {
	return &Config{
		MCP:     MCP{Transport: "streamable-http", Timeout: 30 * time.Second},
		Metrics: MetricNames{Preset: "seed"},
	}
}

// Load reads path (none when empty), applies environment overrides from
// env (KEY=VALUE strings, as os.Environ returns) and validates the result.
// An EnvPrefix variable that names no config key is an error when it is a
// near miss of one (a typo: MCPCHAOS_MCP_URLL); any other is left to the
// caller (WithUnknownEnv), as it may be meant for another part of the
// tool or for the user's own scripts.
func Load(path string, env []string, opts ...LoadOption) (*Config, error) {
	var lo loadOptions
	for _, o := range opts {
		o(&lo)
	}
	cfg := Default()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read config: %w", err)
		}
		if err := Parse(data, cfg); err != nil {
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
	}
	if err := applyEnv(cfg, env, lo.unknownEnv); err != nil {
		return nil, err
	}
	if errs := cfg.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("config %s: %w", displayName(path), errors.Join(errs...))
	}
	return cfg, nil
}

// LoadOption changes how Load treats the environment.
type LoadOption func(*loadOptions)

type loadOptions struct {
	unknownEnv func(name string)
}

// WithUnknownEnv hands f the name of each EnvPrefix variable that is
// neither a config key nor a near miss of one, so the caller can warn
// about those it does not read itself. Without it they are ignored.
func WithUnknownEnv(f func(name string)) LoadOption {
	return func(o *loadOptions) { o.unknownEnv = f }
}

func displayName(path string) string {
	if path == "" {
		return "(defaults and environment)"
	}
	return path
}

// Parse decodes YAML into cfg; unknown keys are errors.
func Parse(data []byte, cfg *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// Marshal renders cfg as YAML.
func Marshal(cfg *Config) ([]byte, error) {
	return yaml.Marshal(cfg)
}

// Validate reports every problem at once.
func (c *Config) Validate() []error {
	var errs []error
	if c.MCP.URL != "" {
		errs = append(errs, checkURL("mcp.url", c.MCP.URL)...)
	}
	switch c.MCP.Transport {
	case "", "streamable-http", "sse":
	default:
		errs = append(errs, fmt.Errorf("mcp.transport %q: use streamable-http or sse", c.MCP.Transport))
	}
	b := c.Backends
	for _, e := range []struct {
		key   string
		ep    Endpoint
		kinds []string
	}{
		{"backends.prometheus", b.Prometheus, []string{"", "prometheus"}},
		{"backends.alertmanager", b.Alertmanager, []string{"", "alertmanager"}},
		{"backends.logs", b.Logs, []string{"", "victorialogs", "loki"}},
		{"backends.traces", b.Traces, []string{"", "jaeger", "tempo"}},
		{"backends.webhook", b.Webhook, []string{""}},
		{"backends.ruler", b.Ruler, []string{"", "vmalert"}},
		{"faults.toxiproxy", c.Faults.Toxiproxy, []string{""}},
	} {
		errs = append(errs, e.ep.validate(e.key, e.kinds)...)
	}
	if c.Faults.Supervisor.URL != "" {
		errs = append(errs, checkURL("faults.supervisor.url", c.Faults.Supervisor.URL)...)
	}
	for name, t := range c.Faults.Targets {
		switch t.Driver {
		case "docker":
			errs = append(errs, t.validateDocker("faults.targets."+name)...)
		case "process", "toxiproxy", "tls":
		default:
			errs = append(errs, fmt.Errorf("faults.targets.%s.driver %q: use process, toxiproxy, tls or docker", name, t.Driver))
		}
	}
	switch c.Metrics.Preset {
	case "", "seed", "otel":
	default:
		errs = append(errs, fmt.Errorf("metrics.preset %q: use seed or otel", c.Metrics.Preset))
	}
	return errs
}

// validateDocker checks a docker target: the container it names and how
// its daemon is reached.
func (t Target) validateDocker(key string) []error {
	var errs []error
	if t.Component == "" {
		errs = append(errs, fmt.Errorf("%s.component: missing: name the container (as `docker ps` shows it)", key))
	}
	if h := t.DockerHost; h != "" {
		u, err := url.Parse(h)
		if err != nil || !(u.Scheme == "unix" && u.Path != "" || u.Scheme == "tcp" && u.Host != "") {
			errs = append(errs, fmt.Errorf("%s.docker_host %q: give unix:///path/to/docker.sock or tcp://HOST:PORT", key, h))
		}
	}
	return errs
}

func (e Endpoint) validate(key string, kinds []string) []error {
	var errs []error
	ok := false
	for _, k := range kinds {
		ok = ok || e.Kind == k
	}
	if !ok {
		errs = append(errs, fmt.Errorf("%s.kind %q: use one of %s", key, e.Kind, strings.Join(kinds[1:], ", ")))
	}
	if e.URL != "" {
		errs = append(errs, checkURL(key+".url", e.URL)...)
	}
	return errs
}

func checkURL(key, raw string) []error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return []error{fmt.Errorf("%s %q: give an absolute http:// or https:// URL", key, raw)}
	}
	return nil
}

// applyEnv sets fields named by MCPCHAOS_<YAML PATH> variables, e.g.
// MCPCHAOS_MCP_URL or MCPCHAOS_BACKENDS_LOGS_KIND. Map-valued fields are
// set in the file only. A variable near a key (a typo) is an error naming
// the key; unknown gets every other variable that is not a key.
func applyEnv(cfg *Config, env []string, unknown func(name string)) error {
	fields := map[string]reflect.Value{}
	collectFields(reflect.ValueOf(cfg).Elem(), strings.TrimSuffix(EnvPrefix, "_"), fields)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	var errs []error
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, EnvPrefix) {
			continue
		}
		f, known := fields[k]
		switch {
		case known && f.Kind() == reflect.Map:
			errs = append(errs, fmt.Errorf("environment %s: a map cannot be set from the environment; set it in the config file", k))
		case known:
			if err := setScalar(f, v); err != nil {
				errs = append(errs, fmt.Errorf("environment %s=%q: %w", k, v, err))
			}
		default:
			if near, ok := nearMiss(k, keys); ok {
				errs = append(errs, fmt.Errorf("environment %s does not name a config setting: did you mean %s? (a variable meant for your own scripts needs a name further from the config keys)", k, near))
			} else if unknown != nil {
				unknown(k)
			}
		}
	}
	return errors.Join(errs...)
}

func collectFields(v reflect.Value, prefix string, out map[string]reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		key := prefix + "_" + strings.ToUpper(tag)
		f := v.Field(i)
		if f.Kind() == reflect.Struct {
			collectFields(f, key, out)
			continue
		}
		out[key] = f
	}
}

func setScalar(f reflect.Value, v string) error {
	switch {
	case f.Type() == reflect.TypeOf(time.Duration(0)):
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("want a duration such as 30s: %w", err)
		}
		f.SetInt(int64(d))
	case f.Kind() == reflect.String:
		f.SetString(v)
	case f.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		f.SetBool(b)
	default:
		return fmt.Errorf("cannot be set from the environment")
	}
	return nil
}
