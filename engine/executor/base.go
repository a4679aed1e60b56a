package executor

import (
	"fmt"
	"regexp"
	"time"
)

// DefaultGracefulStop is k6's default time running iterations get to
// finish when a scenario ends.
const DefaultGracefulStop = 30 * time.Second

// DefaultMaxDuration bounds the iteration-based executors, as in k6.
const DefaultMaxDuration = 10 * time.Minute

// BaseConfig holds the options every executor has.
type BaseConfig struct {
	// Name is the scenario's key in options.scenarios.
	Name string `json:"-"`
	// Type is the executor name, e.g. "constant-vus".
	Type string `json:"executor"`
	// StartTime delays the scenario from the start of the test.
	StartTime Duration `json:"startTime"`
	// GracefulStop is how long running iterations may take to finish
	// once the scenario is over.
	GracefulStop Duration `json:"gracefulStop"`
	// Exec names the exported function the VUs run (default "default").
	Exec string `json:"exec"`
	// Env is added to __ENV for this scenario's VUs.
	Env map[string]string `json:"env"`
	// Tags are added to every sample of this scenario.
	Tags map[string]string `json:"tags"`
}

func newBase(name, typ string) BaseConfig {
	return BaseConfig{Name: name, Type: typ, GracefulStop: Duration(DefaultGracefulStop)}
}

// Common implements part of Config.
func (b *BaseConfig) Common() *BaseConfig { return b }

// ExecName is the function the scenario runs.
func (b *BaseConfig) ExecName() string {
	if b.Exec == "" {
		return "default"
	}
	return b.Exec
}

var scenarioNameRE = regexp.MustCompile(`^[0-9a-zA-Z_-]+$`)

func (b *BaseConfig) validate() []error {
	var errs []error
	if !scenarioNameRE.MatchString(b.Name) {
		errs = append(errs, fmt.Errorf("scenario name %q: use only letters, digits, '_' and '-'", b.Name))
	}
	if b.StartTime < 0 {
		errs = append(errs, b.errorf("startTime %s must not be negative", b.StartTime))
	}
	if b.GracefulStop < 0 {
		errs = append(errs, b.errorf("gracefulStop %s must not be negative", b.GracefulStop))
	}
	return errs
}

// errorf prefixes a message with the scenario and executor names.
func (b *BaseConfig) errorf(format string, args ...any) error {
	return fmt.Errorf("scenario %q (%s): %s", b.Name, b.Type, fmt.Sprintf(format, args...))
}

// Stage is one step of a ramping executor: reach Target over Duration.
type Stage struct {
	Duration Duration `json:"duration"`
	Target   int64    `json:"target"`
}

func validateStages(b *BaseConfig, stages []Stage, what string) []error {
	var errs []error
	if len(stages) == 0 {
		errs = append(errs, b.errorf("stages: give at least one {duration, target}"))
	}
	for i, s := range stages {
		if s.Duration < 0 {
			errs = append(errs, b.errorf("stages[%d].duration %s must not be negative", i, s.Duration))
		}
		if s.Target < 0 {
			errs = append(errs, b.errorf("stages[%d].target %d must not be negative %s", i, s.Target, what))
		}
	}
	return errs
}

func stagesDuration(stages []Stage) time.Duration {
	var d time.Duration
	for _, s := range stages {
		d += s.Duration.D()
	}
	return d
}
