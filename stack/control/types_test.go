package control

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestDurationJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{`"30s"`, 30 * time.Second, true},
		{`"1m30s"`, 90 * time.Second, true},
		{`30000`, 30 * time.Second, true}, // milliseconds, as in k6; was nanoseconds
		{`1.5`, 1500 * time.Microsecond, true},
		{`"1d"`, 24 * time.Hour, true},
		{`-1000`, 0, false},
		{`"soon"`, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			var d Duration
			err := json.Unmarshal([]byte(tc.in), &d)
			if (err == nil) != tc.ok || time.Duration(d) != tc.want {
				t.Fatalf("got %v, %v; want %v ok=%v", time.Duration(d), err, tc.want, tc.ok)
			}
		})
	}
	b, _ := json.Marshal(Duration(2 * time.Second))
	if string(b) != `"2s"` {
		t.Fatalf("marshal: %s", b)
	}
}

func TestDefaultRevert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op, want string
		ok       bool
	}{
		{OpStop, OpStart, true},
		{OpSetMemoryLimit, OpClearMemoryLimit, true},
		{OpSwapCert, OpRestoreCert, true},
		{OpSignal, "", false},
	}
	for _, tc := range tests {
		r, ok := DefaultRevert(Action{Op: tc.op, Component: "c"})
		if ok != tc.ok || r.Op != tc.want || (ok && r.Component != "c") {
			t.Errorf("%s: got %+v %v", tc.op, r, ok)
		}
	}
}

func TestErrorMatchesSentinels(t *testing.T) {
	t.Parallel()
	for _, s := range []error{ErrUnauthorized, ErrUnknownComponent, ErrLeaseExists, ErrBadRequest, ErrUnavailable} {
		e := &Error{StatusCode: StatusOf(s), Message: "x"}
		if !errors.Is(e, s) {
			t.Errorf("HTTP %d does not match %v", e.StatusCode, s)
		}
	}
	if StatusOf(errors.New("other")) != http.StatusInternalServerError {
		t.Error("unknown errors must be 500")
	}
}
