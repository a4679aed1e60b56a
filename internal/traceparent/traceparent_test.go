package traceparent_test

import (
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

func TestTraceparent(t *testing.T) {
	t.Parallel()
	tc := traceparent.New(true)
	got, err := traceparent.Parse(tc.String())
	if err != nil || got != tc {
		t.Fatalf("round trip of %s: %+v %v", tc.String(), got, err)
	}
	if tc.Child().TraceID != tc.TraceID || tc.Child().SpanID == tc.SpanID {
		t.Error("a child must keep the trace and change the span")
	}
	if a, b := traceparent.New(true), traceparent.New(true); a.TraceID == b.TraceID {
		t.Error("two trace contexts share a trace ID")
	}
	for _, bad := range []string{
		"", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
		"00-00000000000000000000000000000000-b7ad6b7169203331-01",
		"00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
		"00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
		"00-0af7651916cd43dd8448eb211c80319x-b7ad6b7169203331-01",
	} {
		if _, err := traceparent.Parse(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
