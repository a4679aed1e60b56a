package executor

// ApplySegment returns the scenarios as this instance runs them in its
// execution segment: each whole-test number scaled by t.Scale, so the
// instances of a sequence together run exactly the whole test.
//
//   - constant-vus: vus.
//   - ramping-vus: startVUs and every stage target.
//   - shared-iterations: vus and iterations (at least one VU when the
//     segment has iterations, never more VUs than iterations).
//   - per-vu-iterations: vus; each VU still runs all its iterations.
//   - constant- and ramping-arrival-rate: preAllocatedVUs and maxVUs (at
//     least one VU), and of the whole test's schedule of iteration start
//     times only the iterations the segment owns (Tuple.Owns) start here,
//     at their whole-test times: the rates add up exactly.
//
// A scenario left with nothing to do in the segment (no VUs, no
// iterations) is dropped, as k6 skips it. A nil t returns cfgs as they
// are. The input configurations are not changed.
func ApplySegment(cfgs []Config, t *Tuple) []Config {
	if t == nil {
		return cfgs
	}
	out := make([]Config, 0, len(cfgs))
	for _, c := range cfgs {
		if s, ok := segmented(c, t); ok {
			out = append(out, s)
		}
	}
	return out
}

func segmented(c Config, t *Tuple) (Config, bool) {
	switch c := c.(type) {
	case *ConstantVUs:
		cp := *c
		cp.VUs = t.Scale(c.VUs)
		return &cp, cp.VUs > 0
	case *RampingVUs:
		cp := *c
		cp.StartVUs = t.Scale(c.StartVUs)
		cp.Stages = make([]Stage, len(c.Stages))
		for i, s := range c.Stages {
			cp.Stages[i] = Stage{Duration: s.Duration, Target: t.Scale(s.Target)}
		}
		return &cp, cp.MaxVUs() > 0
	case *SharedIterations:
		cp := *c
		cp.Iterations = t.Scale(c.Iterations)
		cp.VUs = min(max(t.Scale(c.VUs), 1), cp.Iterations)
		return &cp, cp.Iterations > 0
	case *PerVUIterations:
		cp := *c
		cp.VUs = t.Scale(c.VUs)
		return &cp, cp.VUs > 0
	case *ConstantArrivalRate:
		cp := *c
		cp.arrivalConfig = c.segmented(t)
		return &cp, true
	case *RampingArrivalRate:
		cp := *c
		cp.arrivalConfig = c.segmented(t)
		return &cp, true
	}
	return c, true
}

func (c *arrivalConfig) segmented(t *Tuple) arrivalConfig {
	cp := *c
	cp.PreAllocatedVUs = t.Scale(c.PreAllocatedVUs)
	cp.MaxVUsOpt = max(t.Scale(c.MaxVUs()), 1)
	cp.segment = t
	return cp
}
