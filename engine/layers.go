package engine

// layerOptions puts the K6_* variables over the script's options and the
// command line over both (k6's precedence: flag > environment > script),
// and returns the execution shortcuts that result. Bad variables are
// invalid config (104), each named.
func (e *Engine) layerOptions(so *scriptOptions) (overrides, error) {
	env, err := readEnvOptions(e.opts.LookupEnv)
	if err == nil {
		err = env.apply(so)
	}
	if err != nil {
		return overrides{}, &Error{Code: ExitInvalidConfig, Err: err}
	}
	e.opts = env.runOptions(e.opts)
	if e.opts.HTTPDebug == "" {
		e.opts.HTTPDebug = so.HTTPDebug
	}
	mode, err := httpDebugMode(e.opts.HTTPDebug)
	if err != nil {
		return overrides{}, &Error{Code: ExitInvalidConfig, Err: err}
	}
	e.opts.HTTPDebug = mode
	if len(e.opts.SummaryTrendStats) > 0 {
		so.SummaryTrendStats = e.opts.SummaryTrendStats
	}
	if e.opts.SummaryTimeUnit != "" {
		so.SummaryTimeUnit = e.opts.SummaryTimeUnit
	}
	if e.opts.NoThresholds {
		so.Thresholds = nil
	}
	cli := overrides{VUs: e.opts.VUs, Duration: e.opts.Duration, Iterations: e.opts.Iterations, Stages: e.opts.Stages}
	return env.under(cli), nil
}
