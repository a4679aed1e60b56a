package duration_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/duration"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string // substring; empty when the value is valid
	}{
		{in: "30s", want: 30 * time.Second},
		{in: " 1m30s ", want: 90 * time.Second},
		{in: "500ms", want: 500 * time.Millisecond},
		{in: "1d", want: 24 * time.Hour},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "0", want: 0},
		{in: "1500", want: 1500 * time.Millisecond}, // k6: digits alone are milliseconds
		{in: "0.5", want: 500 * time.Microsecond},   // fractions of a millisecond
		{in: "30000", want: 30 * time.Second},       // the lease TTL that used to be 30µs
		{in: "", wantErr: `invalid duration: empty; give a duration like "30s" or a number of milliseconds`},
		{in: "soon", wantErr: `invalid duration "soon": give a duration like "30s" or a number of milliseconds`},
		{in: "5 s", wantErr: `invalid duration "5 s"`},
		{in: "d", wantErr: `invalid duration "d"`},
		{in: "1d-2h", wantErr: `invalid duration "1d-2h"`},
		{in: "xd1h", wantErr: `invalid duration "xd1h"`},
		{in: "-5s", wantErr: `invalid duration "-5s": must not be negative; give a duration like "30s"`},
		{in: "-1d", wantErr: `must not be negative`},
		{in: "-30", wantErr: `invalid duration "-30": must not be negative`},
		{in: "NaN", wantErr: `invalid duration "NaN": not a finite number`},
		{in: "Inf", wantErr: `not a finite number`},
		{in: "1e300", wantErr: `invalid duration "1e300": longer than`},
		{in: "1e300d", wantErr: `invalid duration "1e300d"`},
		{in: "106752d", wantErr: `invalid duration "106752d"`}, // past time.Duration's 292 years
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := duration.Parse(tt.in)
			checkResult(t, got, err, tt.want, tt.wantErr)
		})
	}
}

func TestFromAny(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      any
		want    time.Duration
		wantErr string
	}{
		{name: "int64 milliseconds", in: int64(30000), want: 30 * time.Second},
		{name: "float64 milliseconds", in: 1.5, want: 1500 * time.Microsecond},
		{name: "int milliseconds", in: 250, want: 250 * time.Millisecond},
		{name: "int32 milliseconds", in: int32(2), want: 2 * time.Millisecond},
		{name: "string", in: "2m", want: 2 * time.Minute},
		{name: "string of digits", in: "100", want: 100 * time.Millisecond},
		{name: "negative int64", in: int64(-1), wantErr: `invalid duration -1: must not be negative; give a duration like "30s" or a number of milliseconds`},
		{name: "negative float", in: -0.5, wantErr: `invalid duration -0.5: must not be negative`},
		{name: "NaN", in: math.NaN(), wantErr: `invalid duration NaN: not a finite number`},
		{name: "bool", in: true, wantErr: `invalid duration true (a bool): give a duration like "30s" or a number of milliseconds`},
		{name: "garbage string", in: "later", wantErr: `invalid duration "later"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := duration.FromAny(tt.in)
			checkResult(t, got, err, tt.want, tt.wantErr)
		})
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: `"30s"`, want: 30 * time.Second},
		{in: `"1d"`, want: 24 * time.Hour},
		{in: `30000`, want: 30 * time.Second}, // numbers are milliseconds, never nanoseconds
		{in: `1.5`, want: 1500 * time.Microsecond},
		{in: `"1500"`, want: 1500 * time.Millisecond},
		{in: `-1`, wantErr: `invalid duration -1: must not be negative`},
		{in: `"soon"`, wantErr: `invalid duration "soon"`},
		{in: `true`, wantErr: `invalid duration true: give a duration like "30s" or a number of milliseconds`},
		{in: `{}`, wantErr: `invalid duration {}`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var d duration.Duration
			err := json.Unmarshal([]byte(tt.in), &d)
			checkResult(t, d.D(), err, tt.want, tt.wantErr)
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	in := struct {
		TTL duration.Duration `json:"ttl"`
	}{duration.Duration(90 * time.Second)}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"ttl":"1m30s"}` {
		t.Fatalf("marshal: %s, %v", b, err)
	}
	out := in
	out.TTL = 0
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("round trip: %+v, %v", out, err)
	}
	text, _ := in.TTL.MarshalText()
	var d duration.Duration
	if err := d.UnmarshalText(text); err != nil || d != in.TTL {
		t.Fatalf("text round trip of %s: %v, %v", text, d, err)
	}
	if err := d.UnmarshalText([]byte("-1s")); err == nil || !strings.Contains(err.Error(), "must not be negative") {
		t.Fatalf("UnmarshalText(-1s): %v", err)
	}
}

func checkResult(t *testing.T, got time.Duration, err error, want time.Duration, wantErr string) {
	t.Helper()
	if wantErr == "" {
		if err != nil || got != want {
			t.Fatalf("got %v, %v; want %v", got, err, want)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), wantErr) || !errors.Is(err, duration.ErrInvalid) {
		t.Fatalf("error %v; want one containing %q and wrapping ErrInvalid", err, wantErr)
	}
}
