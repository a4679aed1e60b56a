package duration_test

import (
	"encoding/json"
	"fmt"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

func ExampleParse() {
	for _, s := range []string{"1m30s", "1d12h", "250", "-5s"} {
		d, err := duration.Parse(s)
		fmt.Println(d, err)
	}
	// Output:
	// 1m30s <nil>
	// 36h0m0s <nil>
	// 250ms <nil>
	// 0s invalid duration "-5s": must not be negative; give a duration like "30s" or a number of milliseconds
}

func ExampleDuration() {
	var lease struct {
		TTL duration.Duration `json:"ttl"`
	}
	_ = json.Unmarshal([]byte(`{"ttl": 30000}`), &lease) // a JS number: milliseconds
	b, _ := json.Marshal(lease)
	fmt.Println(string(b))
	// Output: {"ttl":"30s"}
}
