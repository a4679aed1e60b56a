package promrw

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/output/internal/envopts"
	"github.com/mcpchaos/mcpchaos/engine/output/internal/stream"
)

// Defaults as k6 has them.
const (
	DefaultServerURL    = "http://localhost:9090/api/v1/write"
	DefaultPushInterval = 5 * time.Second
	pushTimeout         = 5 * time.Second
	envPrefix           = "K6_PROMETHEUS_RW_"
)

// Config is the output's settings.
type Config struct {
	ServerURL    string
	Headers      map[string]string
	Labels       map[string]string
	PushInterval time.Duration
	TrendStats   []TrendStat
	StaleMarkers bool
	Username     string
	Password     string
	BearerToken  string
	TLS          stream.TLS
}

// FromEnv reads k6's K6_PROMETHEUS_RW_* variables from env, reporting
// every bad or unknown one at once.
func FromEnv(env map[string]string) (Config, error) {
	e := envopts.New(env, envPrefix)
	c := Config{
		ServerURL:    e.String("K6_PROMETHEUS_RW_SERVER_URL", DefaultServerURL),
		Headers:      map[string]string{},
		Labels:       e.Pairs("K6_PROMETHEUS_RW_LABELS", "="),
		PushInterval: e.Duration("K6_PROMETHEUS_RW_PUSH_INTERVAL", DefaultPushInterval),
		StaleMarkers: e.Bool("K6_PROMETHEUS_RW_STALE_MARKERS", false),
		Username:     e.String("K6_PROMETHEUS_RW_USERNAME", ""),
		Password:     e.String("K6_PROMETHEUS_RW_PASSWORD", ""),
		BearerToken:  e.String("K6_PROMETHEUS_RW_BEARER_TOKEN", ""),
		TLS: stream.TLS{
			InsecureSkipVerify: e.Bool("K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY", false),
			CertFile:           e.String("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE", ""),
			CertVar:            "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE",
			KeyFile:            e.String("K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY", ""),
			KeyVar:             "K6_PROMETHEUS_RW_CLIENT_CERTIFICATE_KEY",
		},
	}
	for k, v := range e.WithPrefix("K6_PROMETHEUS_RW_HEADERS_") {
		c.Headers[k] = v
	}
	for k, v := range e.Pairs("K6_PROMETHEUS_RW_HTTP_HEADERS", ":") {
		c.Headers[k] = v
	}
	stats, err := ParseTrendStats(e.List("K6_PROMETHEUS_RW_TREND_STATS", []string{"p(99)"}))
	if err != nil {
		e.Fail(fmt.Errorf("K6_PROMETHEUS_RW_TREND_STATS: %w", err))
	}
	c.TrendStats = stats
	switch v := e.String("K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION", "1.2"); v {
	case "1.2":
		c.TLS.MinVersion = tls.VersionTLS12
	case "1.3":
		c.TLS.MinVersion = tls.VersionTLS13
	default:
		e.Fail(fmt.Errorf("K6_PROMETHEUS_RW_TLS_MINIMUM_VERSION=%q: write 1.2 or 1.3", v))
	}
	e.Unsupported("K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM", "false",
		"trends go out as gauges of K6_PROMETHEUS_RW_TREND_STATS (e.g. p(95),p(99),avg,count); unset it")
	for _, v := range []string{"REGION", "ACCESS_KEY", "SECRET_KEY"} {
		e.Unsupported("K6_PROMETHEUS_RW_SIGV4_"+v, "", "AWS SigV4 signing is not implemented; use a proxy that signs, or basic auth / a bearer token")
	}
	if u, err := url.Parse(c.ServerURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		e.Fail(fmt.Errorf("K6_PROMETHEUS_RW_SERVER_URL=%q: give the endpoint's full URL, e.g. %s", c.ServerURL, DefaultServerURL))
	}
	for k := range c.Labels {
		if k == "__name__" || c.Labels[k] == "" {
			delete(c.Labels, k) // k6 ignores these
		}
	}
	return c, e.Err()
}

// TrendStat is one stat a Trend is sent as: its series suffix and how it
// is computed.
type TrendStat struct {
	// Name as written in K6_PROMETHEUS_RW_TREND_STATS, e.g. "p(99)".
	Name string
	// Suffix of the series name, e.g. "p99".
	Suffix string
	// Count is true for the count stat (a number of samples, not a value
	// in the metric's unit).
	Count bool
	// pct is the percentile (0..1) for p(x); -1 for the other stats.
	pct float64
}

// ParseTrendStats reads k6's stat names: count, sum, min, max, avg, med,
// p(x) with 0 <= x <= 100.
func ParseTrendStats(names []string) ([]TrendStat, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("no stat given: list some of count, sum, min, max, avg, med, p(x), e.g. p(95),p(99)")
	}
	var out []TrendStat
	for _, n := range names {
		switch n {
		case "count", "sum", "min", "max", "avg", "med":
			out = append(out, TrendStat{Name: n, Suffix: n, Count: n == "count", pct: -1})
			continue
		}
		inner, ok := strings.CutPrefix(n, "p(")
		if inner, ok = strings.CutSuffix(inner, ")"); !ok {
			return nil, fmt.Errorf("unknown stat %q: use count, sum, min, max, avg, med or p(x) such as p(99)", n)
		}
		x, err := strconv.ParseFloat(inner, 64)
		if err != nil || x < 0 || x > 100 {
			return nil, fmt.Errorf("stat %q: the percentile must be a number from 0 to 100, e.g. p(99.9)", n)
		}
		out = append(out, TrendStat{Name: n, Suffix: "p" + strings.ReplaceAll(inner, ".", ""), pct: x / 100})
	}
	return out, nil
}
