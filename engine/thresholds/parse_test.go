package thresholds

import (
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		agg     string
		pct     float64
		op      string
		value   float64
		wantErr string
	}{
		{name: "percentile", src: "p(95)<200", agg: "p(95)", pct: 0.95, op: "<", value: 200},
		{name: "fractional percentile", src: "p(99.9) <= 1.5", agg: "p(99.9)", pct: 0.999, op: "<=", value: 1.5},
		{name: "spaces", src: "  avg   >  10 ", agg: "avg", op: ">", value: 10},
		{name: "triple equals", src: "rate===1", agg: "rate", op: "===", value: 1},
		{name: "not equal", src: "count!=0", agg: "count", op: "!=", value: 0},
		{name: "negative", src: "value>=-1e3", agg: "value", op: ">=", value: -1000},
		{name: "empty", src: "   ", wantErr: "empty expression"},
		{name: "unknown aggregation", src: "mean<3", wantErr: `unknown aggregation "mean"`},
		{name: "bad operator", src: "avg=>3", wantErr: `unknown operator "=>"`},
		{name: "missing value", src: "avg<", wantErr: "expected number at the end"},
		{name: "missing operator", src: "avg 3", wantErr: "expected operator"},
		{name: "trailing", src: "avg<3 ms", wantErr: `unexpected "ms"`},
		{name: "percentile range", src: "p(101)<3", wantErr: "out of range"},
		{name: "percentile no parens", src: "p95<3", wantErr: `unknown aggregation "p95"`},
		{name: "percentile unclosed", src: "p(95<3", wantErr: `expected ")"`},
		{name: "bad char", src: "avg<3;", wantErr: `unexpected character ";"`},
		{name: "bad number", src: "avg<1.2.3", wantErr: `invalid number "1.2.3"`},
		{name: "js expression", src: "1+1==2", wantErr: "expected aggregation name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(tt.src)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want it to contain %q", tt.src, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), "e.g.") {
					t.Errorf("error %q does not say what to write", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if e.Aggregation != tt.agg || math.Abs(e.Percentile-tt.pct) > 1e-12 || e.Operator != tt.op || e.Value != tt.value || e.Source != tt.src {
				t.Errorf("Parse(%q) = %+v", tt.src, e)
			}
		})
	}
}

func TestHolds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src      string
		observed float64
		want     bool
	}{
		{"avg<3", 2, true}, {"avg<3", 3, false},
		{"avg<=3", 3, true}, {"avg>3", 3, false},
		{"avg>=3", 3, true}, {"avg==3", 3, true},
		{"avg===3", 4, false}, {"avg!=3", 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			e, err := Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Holds(tt.observed); got != tt.want {
				t.Errorf("%s with %v = %v, want %v", tt.src, tt.observed, got, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"p(95)<200", "rate==1", "count>0", "avg < 3", "p(99.9)>=1e-3", "value!=-2", "p(", ")<", "1+1==2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			if e != nil {
				t.Fatalf("Parse(%q) returned an expression and an error", src)
			}
			return
		}
		// A parsed expression re-parses to the same meaning from its
		// canonical form.
		again, err := Parse(e.Aggregation + e.Operator + formatFloat(e.Value))
		if err != nil {
			t.Fatalf("canonical form of %q does not parse: %v", src, err)
		}
		if again.Aggregation != e.Aggregation || again.Operator != e.Operator || again.Value != e.Value {
			t.Fatalf("round trip of %q: %+v != %+v", src, again, e)
		}
	})
}
