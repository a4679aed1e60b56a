package thresholds_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/thresholds"
)

func Example() {
	reg := metrics.NewRegistry()
	b, _ := metrics.RegisterBuiltins(reg)

	// options.thresholds as a script exports them.
	var raw map[string][]thresholds.Config
	_ = json.Unmarshal([]byte(`{
		"http_req_duration{status:200}": ["p(95)<200"],
		"checks": [{"threshold": "rate==1", "abortOnFail": true, "delayAbortEval": "10s"}]
	}`), &raw)
	set, err := thresholds.Build(reg, raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	ok := metrics.NewTagSet(map[string]string{"status": "200"})
	for _, v := range []float64{120, 150, 400} {
		b.HTTPReqDuration.Add(metrics.Sample{Metric: b.HTTPReqDuration, Tags: ok, Value: v})
	}
	b.Checks.Add(metrics.Sample{Metric: b.Checks, Value: 0})

	results, abort := set.Evaluate(5 * time.Second)
	for _, r := range results {
		fmt.Printf("%s %s ok=%v value=%.1f\n", r.Metric, r.Expression, r.OK, r.Value)
	}
	fmt.Println("abort:", abort, "failed:", set.Failed())
	// Output:
	// checks rate==1 ok=false value=0.0
	// http_req_duration{status:200} p(95)<200 ok=false value=375.0
	// abort: false failed: true
}

func ExampleBuild_errors() {
	reg := metrics.NewRegistry()
	_, _ = metrics.RegisterBuiltins(reg)
	_, err := thresholds.Build(reg, map[string][]thresholds.Config{
		"http_reqs":     {{Threshold: "p(95)<200"}},
		"http_req_time": {{Threshold: "avg<1"}},
	})
	fmt.Println(err)
	// Output:
	// thresholds key "http_req_time": unknown metric "http_req_time": use a built-in metric or one the script creates in init code with k6/metrics
	// thresholds key "http_reqs", threshold "p(95)<200": aggregation "p(95)" is not valid for counter "http_reqs": use count, rate
}
