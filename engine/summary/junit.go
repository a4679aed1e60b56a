package summary

import (
	"encoding/xml"
	"fmt"

	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// JUnit report structure (the de-facto schema Jenkins, GitLab and GitHub
// reporters read).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (s *junitSuite) add(c junitCase) {
	s.Tests++
	if c.Failure != nil {
		s.Failures++
	}
	s.Cases = append(s.Cases, c)
}

// JUnit renders data (from Build) as a JUnit XML report with two suites:
// "thresholds", one testcase per threshold (failed when crossed, the
// message naming metric, expression and observed value), and "checks",
// one testcase per check of each group (failed when any evaluation
// failed, with the counts). Suites are always present, possibly empty.
func JUnit(data map[string]any) ([]byte, error) {
	opts := readOptions(data, Options{})
	secs := fmt.Sprintf("%.3f", asFloat(asMap(data["state"])["testRunDurationMs"])/1000)
	ths := junitSuite{Name: "thresholds", Time: secs}
	for _, m := range readMetrics(data) {
		for _, t := range m.thresholds {
			c := junitCase{Name: m.key + ": " + t.expr, ClassName: "thresholds." + m.key, Time: "0"}
			if !t.ok {
				msg := fmt.Sprintf("threshold %q on %s crossed", t.expr, m.key)
				if obs := observed(m, t.expr, opts.SummaryTimeUnit); obs != "" {
					msg += ": observed " + obs
				}
				c.Failure = &junitFailure{Message: msg, Type: "threshold", Text: msg}
			}
			ths.add(c)
		}
	}
	checks := junitSuite{Name: "checks", Time: secs}
	addChecks(&checks, readGroup(data["root_group"]))
	out := junitSuites{
		Name:     "mcpchaos",
		Tests:    ths.Tests + checks.Tests,
		Failures: ths.Failures + checks.Failures,
		Time:     secs,
		Suites:   []junitSuite{ths, checks},
	}
	body, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode junit report: %w", err)
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

func addChecks(s *junitSuite, g groupView) {
	class := "checks"
	if g.path != "" {
		class += g.path
	}
	for _, ch := range g.checks {
		c := junitCase{Name: ch.name, ClassName: class, Time: "0"}
		if ch.fails > 0 {
			total := ch.passes + ch.fails
			msg := fmt.Sprintf("check %q failed %s of %s times (%s passed)",
				ch.name, trimFixed(ch.fails, 0), trimFixed(total, 0), formatRate(ch.passes/total))
			c.Failure = &junitFailure{Message: msg, Type: "check", Text: msg}
		}
		s.add(c)
	}
	for _, sub := range g.groups {
		addChecks(s, sub)
	}
}

// observed renders the value a threshold expression compared, e.g.
// "p(95)=231.5ms", from the metric's values.
func observed(m metricView, expr string, timeUnit string) string {
	e, err := thresholds.Parse(expr)
	if err != nil {
		return ""
	}
	agg := e.Aggregation
	v, ok := m.values[agg]
	if !ok {
		return ""
	}
	switch {
	case m.typ == "rate":
		return agg + "=" + formatRate(v)
	case agg == "count" || (m.typ == "counter" && agg == "rate"):
		return agg + "=" + trimFixed(v, 6)
	}
	return agg + "=" + formatValue(v, m.contains, timeUnit)
}
