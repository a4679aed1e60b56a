package engine_test

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/engine"
)

// ParseStages reads k6's -s/--stage and K6_STAGES form.
func ExampleParseStages() {
	stages, err := engine.ParseStages("30s:10, 1m:10, 10s:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range stages {
		fmt.Println(s.Duration, s.Target)
	}
	_, err = engine.ParseStages("30s")
	fmt.Println(err)
	// Output:
	// 30s 10
	// 1m0s 10
	// 10s 0
	// stage "30s": use DURATION:TARGET, e.g. 30s:10
}
