package poll_test

import (
	"context"
	"fmt"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/poll"
)

func ExampleWithin() {
	queue := []int{3, 2, 1, 0}
	err := poll.Within(context.Background(), time.Minute, time.Millisecond, "an empty queue", func(context.Context) (bool, error) {
		n := queue[0]
		queue = queue[1:]
		if n > 0 {
			return false, fmt.Errorf("%d jobs queued", n)
		}
		return true, nil
	})
	fmt.Println(err)

	err = poll.Within(context.Background(), 20*time.Millisecond, time.Millisecond, "a miracle", func(context.Context) (bool, error) {
		return false, fmt.Errorf("no miracle yet")
	})
	fmt.Println(err != nil)
	// Output:
	// <nil>
	// true
}
