package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

// assertionChecks is the summary's metric of the assertions' k6 checks.
const assertionChecks = "checks{kind:assertion}"

// Threshold is one threshold of the run's summary.
type Threshold struct {
	// Metric is the thresholds key ("http_req_duration{status:200}").
	Metric string `json:"metric"`
	// Expr is the expression as written ("p(95)<200").
	Expr    string `json:"expr"`
	Crossed bool   `json:"crossed"`
	// Observed is the aggregate the expression compared ("p(95)=1296"),
	// when the summary holds it.
	Observed string `json:"observed,omitempty"`
}

// String is "p(95)<200 on http_req_duration".
func (t Threshold) String() string { return fmt.Sprintf("%s on %s", t.Expr, t.Metric) }

// summary is what the report reads of the engine's summary export.
type summary struct {
	Thresholds []Threshold
	// AssertionChecks counts the assertions' k6 checks (passes + fails);
	// -1 when the summary has no such metric.
	AssertionChecks int
}

// exportDoc is the legacy --summary-export shape: metrics flattened to
// their values, thresholds mapping each expression to true when it FAILED.
type exportDoc struct {
	Metrics map[string]map[string]json.RawMessage `json:"metrics"`
}

// parseSummary reads the thresholds and the assertion check count.
func parseSummary(b []byte) (summary, error) {
	var doc exportDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return summary{}, fmt.Errorf("%s: %w (write it with mcpchaos run --summary-export)", SummaryFile, err)
	}
	s := summary{AssertionChecks: -1}
	keys := make([]string, 0, len(doc.Metrics))
	for k := range doc.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		m := doc.Metrics[key]
		values := map[string]float64{}
		for k, raw := range m {
			var f float64
			if json.Unmarshal(raw, &f) == nil {
				values[k] = f
			}
		}
		if key == assertionChecks {
			s.AssertionChecks = int(values["passes"] + values["fails"])
		}
		raw, ok := m["thresholds"]
		if !ok {
			continue
		}
		var th map[string]bool
		if err := json.Unmarshal(raw, &th); err != nil {
			return summary{}, fmt.Errorf("%s: metrics[%q].thresholds: %w: want {\"expr\": crossed}", SummaryFile, key, err)
		}
		exprs := make([]string, 0, len(th))
		for e := range th {
			exprs = append(exprs, e)
		}
		sort.Strings(exprs)
		for _, e := range exprs {
			s.Thresholds = append(s.Thresholds, Threshold{Metric: key, Expr: e, Crossed: th[e], Observed: observed(e, values)})
		}
	}
	return s, nil
}

// observed is "agg=value" for the aggregation expr compares; the export
// calls a rate metric's rate "value".
func observed(expr string, values map[string]float64) string {
	e, err := thresholds.Parse(expr)
	if err != nil {
		return ""
	}
	v, ok := values[e.Aggregation]
	if !ok && e.Aggregation == "rate" {
		v, ok = values["value"]
	}
	if !ok {
		return ""
	}
	return e.Aggregation + "=" + strconv.FormatFloat(v, 'g', 6, 64)
}
