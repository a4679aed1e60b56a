package summary_test

import (
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/engine/metrics"
	"github.com/mcpchaos/mcpchaos/engine/summary"
)

func Example() {
	reg := metrics.NewRegistry()
	b, _ := metrics.RegisterBuiltins(reg)
	for _, v := range []float64{100, 200} {
		b.HTTPReqDuration.Add(metrics.Sample{Metric: b.HTTPReqDuration, Value: v})
	}
	b.HTTPReqs.Add(metrics.Sample{Metric: b.HTTPReqs, Value: 2})
	root := summary.NewRootGroup()
	root.Check("status is 200").Record(true)

	data := summary.Build(summary.Input{Registry: reg, Root: root, Elapsed: time.Second})
	fmt.Print(summary.Text(data, summary.Options{NoColor: true}))
	// Output:
	//      ✓ status is 200
	//
	//      http_req_duration...: avg=150ms min=100ms med=150ms max=200ms p(90)=190ms p(95)=195ms
	//      http_reqs...........: 2 2/s
}
