package assertionsjs

import (
	"log/slog"
	"strings"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

// metricTimeToDetect is the trend of time-to-detect stages.
const metricTimeToDetect = "time_to_detect"

// sinks are where a result is recorded besides the results file: the
// run's checks metric, the time_to_detect trend, the group tree of the
// summary and the run's log.
type sinks struct {
	checks, ttd *metrics.Metric
	groups      *summary.Group
	log         *slog.Logger
}

// place is where in the script an expectation was called: the VU's tags
// and group path then.
type place struct {
	tags     *metrics.TagSet
	group    string
	scenario string
}

func here(st *modules.State) place {
	return place{tags: st.Tags, group: st.Group, scenario: st.Scenario}
}

// direct adds samples to their metrics at once, for results recorded
// when no VU is running (EndRun): thresholds and the summary see them;
// --out outputs do not.
type direct struct{}

var _ metrics.Pusher = direct{}

func (direct) Push(samples ...metrics.Sample) {
	for _, s := range samples {
		s.Metric.Add(s)
	}
}

// record is one result, recorded (1) as a check on the checks metric
// tagged kind:assertion, assertion:<name> and check:<subject>, counted in
// the summary's group tree as check() counts, (2) as one time_to_detect
// sample per stage, tagged stage:<name> and alert:<subject>, when the
// result has a Since to count from, and (3) as a line of the results
// file; an Error is kept for the run's verdict.
func (m *Module) record(r assertions.Result, sk *sinks, at place, p metrics.Pusher) {
	now := time.Now()
	if r.Scenario == "" {
		r.Scenario = at.scenario
	}
	tags := at.tags.With("kind", "assertion").With("assertion", r.Name)
	v := 0.0
	if r.Passed() {
		v = 1
	}
	samples := []metrics.Sample{{Metric: sk.checks, Tags: tags.With("check", r.Subject), Time: now, Value: v}}
	if !r.Since.IsZero() {
		for _, s := range r.Stages {
			samples = append(samples, metrics.Sample{Metric: sk.ttd, Tags: tags.With("stage", s.Name).With("alert", alertOf(r)), Time: now, Value: durationMs(s.After)})
		}
	}
	p.Push(samples...)
	groupAt(sk.groups, at.group).Check(r.Subject).Record(r.Passed())
	m.write(m.resultsPath, r)
	switch r.Status {
	case assertions.Error:
		sk.log.Error("assertion could not be evaluated: " + r.String())
	case assertions.Fail:
		sk.log.Warn("assertion failed: " + r.String())
	}
}

// alertOf is the alert tag of a result's time_to_detect samples: the
// alert's name for alert expectations, else the subject.
func alertOf(r assertions.Result) string {
	if r.Target != "" {
		return r.Target
	}
	return r.Subject
}

// groupAt is the group of a k6 group path ("::a::b"; "" is the root).
func groupAt(root *summary.Group, path string) *summary.Group {
	g := root
	for _, name := range strings.Split(path, summary.GroupSeparator) {
		if name != "" {
			g = g.Group(name)
		}
	}
	return g
}

// record records r from this VU.
func (i *instance) record(r assertions.Result, at place, p metrics.Pusher) {
	i.root.record(r, i.sinks, at, p)
}
