package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// envOption is one K6_* variable k6 documents and mcpchaos reads: the
// script option it sets and how its text is read.
type envOption struct {
	name string // K6_VUS
	key  string // vus: the script option (or the engine option for run-level ones)
	kind envKind
}

type envKind int

const (
	envInt envKind = iota
	envDuration
	envBool
	envString
	envList   // comma-separated strings
	envStages // "30s:10,1m:0"
)

// envOptions are the K6_* option variables, k6's names; precedence is k6's:
// a command-line flag beats the variable, the variable beats the script.
func envOptions() []envOption {
	return []envOption{
		// Execution shortcuts: they replace the script's as -u -d -i -s do.
		{"K6_VUS", "vus", envInt},
		{"K6_DURATION", "duration", envDuration},
		{"K6_ITERATIONS", "iterations", envInt},
		{"K6_STAGES", "stages", envStages},
		// Script options.
		{"K6_SETUP_TIMEOUT", "setupTimeout", envDuration},
		{"K6_TEARDOWN_TIMEOUT", "teardownTimeout", envDuration},
		{"K6_NO_SETUP", "noSetup", envBool},
		{"K6_NO_TEARDOWN", "noTeardown", envBool},
		{"K6_SUMMARY_TREND_STATS", "summaryTrendStats", envList},
		{"K6_SUMMARY_TIME_UNIT", "summaryTimeUnit", envString},
		{"K6_MIN_ITERATION_DURATION", "minIterationDuration", envDuration},
		{"K6_INSECURE_SKIP_TLS_VERIFY", "insecureSkipTLSVerify", envBool},
		{"K6_USER_AGENT", "userAgent", envString},
		{"K6_MAX_REDIRECTS", "maxRedirects", envInt},
		{"K6_DISCARD_RESPONSE_BODIES", "discardResponseBodies", envBool},
		{"K6_THROW", "throw", envBool},
		{"K6_BATCH", "batch", envInt},
		{"K6_BATCH_PER_HOST", "batchPerHost", envInt},
		{"K6_NO_CONNECTION_REUSE", "noConnectionReuse", envBool},
		{"K6_NO_VU_CONNECTION_REUSE", "noVUConnectionReuse", envBool},
		{"K6_NO_COOKIES_RESET", "noCookiesReset", envBool},
		// Run options (no script option): read into the engine's Options.
		{"K6_NO_SUMMARY", "noSummary", envBool},
		{"K6_NO_THRESHOLDS", "noThresholds", envBool},
		{"K6_HTTP_DEBUG", "httpDebug", envString},
		{"K6_SUMMARY_EXPORT", "summaryExport", envString},
		{"K6_OUT", "out", envList},
		{"K6_NO_COLOR", "noColor", envBool},
	}
}

// EnvOptionNames are the K6_* variables the engine reads (for --help).
func EnvOptionNames() []string {
	var names []string
	for _, o := range envOptions() {
		names = append(names, o.name)
	}
	sort.Strings(names)
	return names
}

// envLayer is what the K6_* variables set: script options as JSON values
// by option key, the execution shortcuts, and the run-level options.
type envLayer struct {
	script map[string]json.RawMessage
	exec   overrides
	run    map[string]any // by key: bool or string
}

// readEnvOptions reads every K6_* option variable lookup finds; a bad
// value is an error naming the variable and what it wants, all at once.
func readEnvOptions(lookup func(string) (string, bool)) (envLayer, error) {
	l := envLayer{script: map[string]json.RawMessage{}, run: map[string]any{}}
	if lookup == nil {
		return l, nil
	}
	var errs []error
	for _, o := range envOptions() {
		raw, ok := lookup(o.name)
		if !ok {
			continue
		}
		v, err := o.decode(raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("environment %s=%q: %w", o.name, raw, err))
			continue
		}
		switch o.key {
		case "vus":
			l.exec.VUs = v.(int64)
		case "duration":
			l.exec.Duration = v.(time.Duration)
		case "iterations":
			l.exec.Iterations = v.(int64)
		case "stages":
			l.exec.Stages = v.([]executor.Stage)
		case "noSummary", "noThresholds", "httpDebug", "summaryExport", "noColor", "out":
			l.run[o.key] = v
		default:
			if d, ok := v.(time.Duration); ok {
				v = duration.Duration(d).String()
			}
			l.script[o.key], _ = json.Marshal(v)
		}
	}
	return l, errors.Join(errs...)
}

// decode reads one variable's text.
func (o envOption) decode(s string) (any, error) {
	switch o.kind {
	case envInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n < 0 {
			return nil, errors.New("want a whole number, e.g. 10")
		}
		return n, nil
	case envDuration:
		d, err := duration.Parse(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("want a duration such as 30s or 1m30s: %w", err)
		}
		return d, nil
	case envBool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, errors.New("want true or false")
		}
		return b, nil
	case envList:
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, nil
	case envStages:
		return ParseStages(s)
	}
	return s, nil
}

// ParseStages reads k6's --stage / K6_STAGES form: DURATION:TARGET items
// separated by commas, e.g. "30s:10,1m:10,10s:0".
func ParseStages(s string) ([]executor.Stage, error) {
	var out []executor.Stage
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		ds, ts, ok := strings.Cut(item, ":")
		if !ok {
			return nil, fmt.Errorf("stage %q: use DURATION:TARGET, e.g. 30s:10", item)
		}
		d, err := duration.Parse(strings.TrimSpace(ds))
		if err != nil {
			return nil, fmt.Errorf("stage %q: duration: %w", item, err)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(ts), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("stage %q: target %q must be a whole number of VUs", item, ts)
		}
		out = append(out, executor.Stage{Duration: executor.Duration(d), Target: n})
	}
	if len(out) == 0 {
		return nil, errors.New("no stages: use DURATION:TARGET[,DURATION:TARGET...], e.g. 30s:10,10s:0")
	}
	return out, nil
}

// apply sets the environment's script options on o: they win over the
// script's own.
func (l envLayer) apply(o *scriptOptions) error {
	var errs []error
	for _, k := range sortedKeys(l.script) {
		if err := decodeOption(o, k, l.script[k]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// under fills every field of cli that is unset from the environment's:
// flags win.
func (l envLayer) under(cli overrides) overrides {
	if cli.VUs == 0 {
		cli.VUs = l.exec.VUs
	}
	if cli.Duration == 0 && cli.Iterations == 0 && len(cli.Stages) == 0 {
		cli.Duration, cli.Iterations, cli.Stages = l.exec.Duration, l.exec.Iterations, l.exec.Stages
	}
	return cli
}

// runOptions applies the run-level variables to opts where the caller
// (the command line) left them unset.
func (l envLayer) runOptions(opts Options) Options {
	flag := func(key string, dst *bool) {
		if b, ok := l.run[key].(bool); ok && !*dst {
			*dst = b
		}
	}
	text := func(key string, dst *string) {
		if v, ok := l.run[key].(string); ok && *dst == "" {
			*dst = v
		}
	}
	flag("noSummary", &opts.NoSummary)
	flag("noThresholds", &opts.NoThresholds)
	flag("noColor", &opts.NoColor)
	text("summaryExport", &opts.SummaryExport)
	text("httpDebug", &opts.HTTPDebug)
	if outs, ok := l.run["out"].([]string); ok && len(opts.Outputs) == 0 {
		opts.Outputs = outs
	}
	return opts
}

// httpDebugMode normalizes --http-debug / K6_HTTP_DEBUG: "" (off),
// "headers" or "full"; "true" is "headers" and "false" is off.
func httpDebugMode(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "0":
		return "", nil
	case "headers", "true", "1":
		return "headers", nil
	case "full":
		return "full", nil
	}
	return "", fmt.Errorf("http debug %q: use --http-debug (headers) or --http-debug=full", s)
}
