package traceparent_test

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

func ExampleParse() {
	tc, err := traceparent.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
	if err != nil {
		panic(err)
	}
	fmt.Println(tc.TraceIDString(), tc.SpanIDString(), tc.Sampled)
	child := tc.Child()
	fmt.Println(child.TraceID == tc.TraceID, child.SpanID != tc.SpanID)
	tc.Sampled = false
	fmt.Println(tc)
	// Output:
	// 0af7651916cd43dd8448eb211c80319c b7ad6b7169203331 true
	// true true
	// 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00
}
