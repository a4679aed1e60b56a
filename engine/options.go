package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/executor"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// scriptOptions is `export const options` as far as mcpchaos reads it.
type scriptOptions struct {
	VUs                  *int64                         `json:"vus"`
	Duration             *executor.Duration             `json:"duration"`
	Iterations           *int64                         `json:"iterations"`
	Stages               []executor.Stage               `json:"stages"`
	Scenarios            map[string]json.RawMessage     `json:"scenarios"`
	Thresholds           map[string][]thresholds.Config `json:"thresholds"`
	Tags                 map[string]string              `json:"tags"`
	SetupTimeout         *executor.Duration             `json:"setupTimeout"`
	TeardownTimeout      *executor.Duration             `json:"teardownTimeout"`
	SummaryTrendStats    []string                       `json:"summaryTrendStats"`
	SummaryTimeUnit      string                         `json:"summaryTimeUnit"`
	NoSetup              bool                           `json:"noSetup"`
	NoTeardown           bool                           `json:"noTeardown"`
	MinIterationDuration executor.Duration              `json:"minIterationDuration"`
	// k6/http's run-wide options.
	InsecureSkipTLSVerify bool              `json:"insecureSkipTLSVerify"`
	UserAgent             *string           `json:"userAgent"`
	MaxRedirects          *int64            `json:"maxRedirects"`
	DiscardResponseBodies bool              `json:"discardResponseBodies"`
	Throw                 bool              `json:"throw"`
	NoConnectionReuse     bool              `json:"noConnectionReuse"`
	NoVUConnectionReuse   bool              `json:"noVUConnectionReuse"`
	NoCookiesReset        bool              `json:"noCookiesReset"`
	Batch                 *int64            `json:"batch"`
	BatchPerHost          *int64            `json:"batchPerHost"`
	Hosts                 map[string]string `json:"hosts"`
	HTTPDebug             string            `json:"httpDebug"`
}

// httpOptions are the script's k6/http options with the flags' overrides.
func (o *scriptOptions) httpOptions(cli Options) modules.HTTPOptions {
	h := modules.HTTPOptions{
		InsecureSkipTLSVerify: o.InsecureSkipTLSVerify || cli.InsecureSkipTLSVerify,
		UserAgent:             o.UserAgent,
		MaxRedirects:          o.MaxRedirects,
		DiscardResponseBodies: o.DiscardResponseBodies,
		Throw:                 o.Throw,
		NoConnectionReuse:     o.NoConnectionReuse,
		NoVUConnectionReuse:   o.NoVUConnectionReuse,
		NoCookiesReset:        o.NoCookiesReset,
		Batch:                 o.Batch,
		BatchPerHost:          o.BatchPerHost,
		Hosts:                 o.Hosts,
		Debug:                 cli.HTTPDebug,
		DebugLogger:           cli.Logger,
	}
	if cli.UserAgent != nil {
		h.UserAgent = cli.UserAgent
	}
	return h
}

// ignoredOption reports k6 options a script may set that mcpchaos
// accepts without acting on them (mostly k6/http and cloud settings).
func ignoredOption(k string) bool {
	switch k {
	case "blacklistIPs", "blockHostnames", "cloud",
		"compatibilityMode", "dns", "ext",
		"linger", "localIPs", "noUsageReport",
		"paused", "rps", "systemTags", "tlsAuth", "tlsCipherSuites",
		"tlsVersion", "consoleOutput", "executionSegment",
		"executionSegmentSequence", "noColor", "summaryExport", "includeSystemEnvVars":
		return true
	}
	return false
}

// parseOptions decodes the options JSON; unknown keys are errors, known
// but unsupported k6 keys are returned for a warning.
func parseOptions(raw []byte) (*scriptOptions, []string, error) {
	o := &scriptOptions{}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return o, nil, nil
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, nil, configError("options: want an object: %v", err)
	}
	known := knownOptionKeys()
	var unknown, ignored []string
	for k := range keys {
		switch {
		case ignoredOption(k):
			ignored = append(ignored, k)
			delete(keys, k)
		case !known[k]:
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	sort.Strings(ignored)
	if len(unknown) > 0 {
		return nil, nil, configError("options: unknown option %s; mcpchaos supports %s", quoteAll(unknown), strings.Join(sortedKeys(known), ", "))
	}
	var errs []error
	for k, v := range keys {
		if err := decodeOption(o, k, v); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, nil, &Error{Code: ExitInvalidConfig, Err: errors.Join(sortErrors(errs)...)}
	}
	return o, ignored, nil
}

// decodeOption decodes one option into o, naming it on error.
func decodeOption(o *scriptOptions, key string, v json.RawMessage) error {
	one, _ := json.Marshal(map[string]json.RawMessage{key: v})
	if err := json.Unmarshal(one, o); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("options.%s: got a JSON %s, want %s", key, te.Value, te.Type)
		}
		return fmt.Errorf("options.%s: %s", key, strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

func knownOptionKeys() map[string]bool {
	b, _ := json.Marshal(scriptOptions{})
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// overrides are the command-line (or K6_*) execution options (-u, -d,
// -i, -s); zero values are unset.
type overrides struct {
	VUs        int64
	Duration   time.Duration
	Iterations int64
	Stages     []executor.Stage
}

// shortcut builds the "default" scenario from vus/duration/iterations/
// stages as k6 does; ok is false when none of them is set.
func shortcut(vus int64, dur *executor.Duration, iters *int64, stages []executor.Stage) (executor.Config, bool, error) {
	const name = "default"
	switch {
	case len(stages) > 0 && (dur != nil || iters != nil):
		return nil, true, configError("options: stages cannot be combined with duration or iterations; use one of them, or scenarios")
	case iters != nil:
		c := executor.NewSharedIterations(name)
		c.VUs, c.Iterations = vus, *iters
		if dur != nil {
			c.MaxDuration = *dur
		}
		return c, true, nil
	case dur != nil:
		c := executor.NewConstantVUs(name)
		c.VUs, c.Duration = vus, *dur
		return c, true, nil
	case len(stages) > 0:
		c := executor.NewRampingVUs(name)
		c.StartVUs, c.Stages = vus, stages
		return c, true, nil
	}
	return nil, false, nil
}

// scenarioConfigs consolidates the execution options: command-line
// shortcuts win over the script's, shortcuts win over scenarios, and
// with nothing set the test is one iteration on one VU.
func (o *scriptOptions) scenarioConfigs(cli overrides, warn func(string)) ([]executor.Config, error) {
	vus := int64(1)
	if o.VUs != nil {
		vus = *o.VUs
	}
	if cli.VUs > 0 {
		vus = cli.VUs
	}
	if cli.Duration > 0 || cli.Iterations > 0 || len(cli.Stages) > 0 {
		var d *executor.Duration
		var it *int64
		if cli.Duration > 0 {
			v := executor.Duration(cli.Duration)
			d = &v
		}
		if cli.Iterations > 0 {
			it = &cli.Iterations
		}
		c, _, err := shortcut(vus, d, it, cli.Stages)
		if err != nil {
			return nil, err
		}
		return []executor.Config{c}, nil
	}
	c, ok, err := shortcut(vus, o.Duration, o.Iterations, o.Stages)
	if err != nil {
		return nil, err
	}
	if ok {
		if len(o.Scenarios) > 0 {
			warn("options: vus/duration/iterations/stages are set, so options.scenarios is ignored")
		}
		return []executor.Config{c}, nil
	}
	if len(o.Scenarios) == 0 {
		c := executor.NewSharedIterations("default")
		c.VUs, c.Iterations = vus, vus
		return []executor.Config{c}, nil
	}
	var (
		out  []executor.Config
		errs []error
	)
	for _, name := range sortedKeys(o.Scenarios) {
		c, err := executor.Parse(name, o.Scenarios[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		return nil, &Error{Code: ExitInvalidConfig, Err: errors.Join(errs...)}
	}
	return out, nil
}

// Validate reports every problem of the options and scenarios at once.
func (o *scriptOptions) Validate(scenarios []executor.Config) []error {
	var errs []error
	for _, c := range scenarios {
		errs = append(errs, c.Validate()...)
	}
	if o.SetupTimeout != nil && *o.SetupTimeout <= 0 {
		errs = append(errs, fmt.Errorf("options.setupTimeout %s must be positive", *o.SetupTimeout))
	}
	if o.TeardownTimeout != nil && *o.TeardownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("options.teardownTimeout %s must be positive", *o.TeardownTimeout))
	}
	errs = append(errs, o.httpOptions(Options{}).Validate()...)
	if o.MinIterationDuration < 0 {
		errs = append(errs, fmt.Errorf("options.minIterationDuration %s must not be negative", o.MinIterationDuration))
	}
	if err := o.summaryOptions().Validate(); err != nil {
		errs = append(errs, err)
	}
	return errs
}

func (o *scriptOptions) summaryOptions() summary.Options {
	return summary.Options{SummaryTrendStats: o.SummaryTrendStats, SummaryTimeUnit: o.SummaryTimeUnit}
}

func (o *scriptOptions) setupTimeout() time.Duration {
	if o.SetupTimeout != nil {
		return o.SetupTimeout.D()
	}
	return 60 * time.Second
}

func (o *scriptOptions) teardownTimeout() time.Duration {
	if o.TeardownTimeout != nil {
		return o.TeardownTimeout.D()
	}
	return 60 * time.Second
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func sortErrors(errs []error) []error {
	sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errs
}
