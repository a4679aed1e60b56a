package assertionsjs

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// options is an expectation-shaped struct with every kind of field the
// decoder meets: a positional name, durations and times (one a pointer),
// a map, a slice of structs, numbers.
type options struct {
	Name   string            `json:"name"`
	Within time.Duration     `json:"within"`
	Since  time.Time         `json:"since"`
	After  *time.Time        `json:"after"`
	Labels map[string]string `json:"labels"`
	Spans  []span            `json:"spans"`
	Min    int               `json:"min"`
	Ratio  float64           `json:"ratio"`
}

type span struct {
	Name        string        `json:"name"`
	MaxDuration time.Duration `json:"maxDuration"`
}

// jsArgs evaluates src as the argument list of a call.
func jsArgs(t *testing.T, src string) []sobek.Value {
	t.Helper()
	rt := sobek.New()
	v, err := rt.RunString(`[` + src + `]`)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	o := v.ToObject(rt)
	n := int(o.Get("length").ToInteger())
	args := make([]sobek.Value, n)
	for i := range n {
		args[i] = o.Get(string(rune('0' + i)))
	}
	return args
}

const at = 1700000000123 // ms since the epoch

func TestDecodeArgs(t *testing.T) {
	t.Parallel()
	after := time.UnixMilli(at + 1000)
	tests := []struct {
		args   string
		want   options
		wantID string
	}{
		{args: `'x'`, want: options{Name: "x"}},
		{args: `'x', undefined`, want: options{Name: "x"}},
		{args: `'x', {within: '5s'}`, want: options{Name: "x", Within: 5 * time.Second}},
		{args: `'x', {within: 1500}`, want: options{Name: "x", Within: 1500 * time.Millisecond}},
		{args: `'x', {within: undefined, since: null}`, want: options{Name: "x"}},
		{args: `'x', {since: 1700000000123}`, want: options{Name: "x", Since: time.UnixMilli(at)}},
		{args: `'x', {since: 1700000000123.5}`, want: options{Name: "x", Since: time.UnixMilli(at).Add(500 * time.Microsecond)}},
		{args: `'x', {since: new Date(1700000000123)}`, want: options{Name: "x", Since: time.UnixMilli(at)}},
		{args: `'x', {since: '2023-11-14T22:13:20.123Z'}`, want: options{Name: "x", Since: time.UnixMilli(at)}},
		{args: `'x', {since: {id: 'f1', kind: 'latency', injectedAt: 1700000000123, revert() {}}}`, want: options{Name: "x", Since: time.UnixMilli(at)}, wantID: "f1"},
		// Shaped as k6/x/faults' handle: read-only data, an accessor, methods.
		{args: `'x', {since: Object.defineProperties({}, {id: {value: 'f3', enumerable: true}, injectedAt: {value: 1700000000123, enumerable: true}, revertedAt: {get() { return null }, enumerable: true}, wait: {value() {}, enumerable: true}})}`, want: options{Name: "x", Since: time.UnixMilli(at)}, wantID: "f3"},
		{args: `'x', {since: {id: 'f1', injectedAt: 1700000000123}, after: {id: 'f1', injectedAt: 1700000001123}}`, want: options{Name: "x", Since: time.UnixMilli(at), After: &after}, wantID: "f1"},
		{args: `'x', {faultId: 'f9', since: {id: 'f1', injectedAt: 1700000000123}}`, want: options{Name: "x", Since: time.UnixMilli(at)}, wantID: "f9"},
		{args: `'x', {faultId: {id: 'f2', injectedAt: 1}}`, want: options{Name: "x"}, wantID: "f2"},
		{args: `'x', {labels: {severity: 'page'}, spans: [{name: 'a', maxDuration: '1s'}, {name: 'b'}], min: 3, ratio: 0.5}`,
			want: options{Name: "x", Labels: map[string]string{"severity": "page"}, Spans: []span{{"a", time.Second}, {Name: "b"}}, Min: 3, Ratio: 0.5}},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			t.Parallel()
			var got options
			id, err := decodeArgs("t", &got, []string{"name"}, jsArgs(t, tc.args))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(inUTC(got), inUTC(tc.want)) || id != tc.wantID {
				t.Errorf("got %+v, fault %q\nwant %+v, fault %q", got, id, tc.want, tc.wantID)
			}
		})
	}
}

// inUTC is o with its times in UTC, for comparing.
func inUTC(o options) options {
	o.Since = o.Since.UTC()
	if o.After != nil {
		a := o.After.UTC()
		o.After = &a
	}
	return o
}

// TestDecodeArgsRefuses: every problem is reported at once, each naming
// its option (with its path inside nested values), as an invalid
// expectation.
func TestDecodeArgsRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args string
		want []string
	}{
		{`'x', {withn: '5s'}`, []string{"withn: unknown option (t options: within, since, after, labels, spans, min, ratio, faultId)"}},
		{`'x', {Within: '5s'}`, []string{"Within: unknown option"}},
		{`'x', {within: 'soon'}`, []string{`within: invalid duration "soon": give a duration like "30s"`}},
		{`'x', {within: -1}`, []string{"within: invalid duration -1: must not be negative"}},
		{`'x', {within: true}`, []string{"within: invalid duration true"}},
		{`'x', {since: 'yesterday'}`, []string{`since: "yesterday" is not an RFC 3339 time: give milliseconds since the epoch (Date.now(), a fault's injectedAt), a Date`}},
		{`'x', {since: {id: 'f'}}`, []string{"since: an object that is not a fault handle (it needs injectedAt and id)"}},
		{`'x', {since: true}`, []string{"since: want a time, got a boolean"}},
		{`'x', {since: 0}`, []string{"since: 0 is not a time"}},
		{`'x', {since: NaN}`, []string{"since: NaN is not a time"}},
		{`'x', {after: 'soon'}`, []string{`after: "soon" is not an RFC 3339 time`}},
		{`undefined, {}`, []string{"name: missing: give it as argument 1, t(name, options)"}},
		{``, []string{"name: missing"}},
		{`'x', {name: 'y'}`, []string{"name: give it as argument 1, t(name, options), not as an option"}},
		{`'x', 'fast'`, []string{"options: want an object with within, since, after, labels, spans, min, ratio, faultId; got fast"}},
		{`'x', {}, 3`, []string{"takes at most 2 arguments, t(name, options); got 3"}},
		{`'x', {min: 1.5}`, []string{"min: want a whole number, got a number (1.5)"}},
		{`'x', {min: 'three'}`, []string{`min: want a whole number, got a string ("three")`}},
		{`'x', {labels: {severity: 1}}`, []string{"labels.severity: want a string, got a number (1)"}},
		{`'x', {labels: 'page'}`, []string{"labels: want an object"}},
		{`'x', {spans: [{nmae: 'a'}]}`, []string{"spans[0].nmae: unknown key (known: name, maxDuration)"}},
		{`'x', {spans: [{name: 'a'}, {maxDuration: 'x'}]}`, []string{`spans[1].maxDuration: invalid duration "x"`}},
		{`'x', {spans: {}}`, []string{"spans: want an array, got an object"}},
		{`'x', {spans: ['a']}`, []string{"spans[0]: want an object with name, maxDuration, got a string"}},
		{`'x', {since: {id: 'f1', injectedAt: 1}, after: {id: 'f2', injectedAt: 2}}`, []string{"the options name different faults (f1, f2): set faultId"}},
		{`'x', {faultId: 7}`, []string{"faultId: want a fault's id (a string) or the fault handle, got a number (7)"}},
		{`5, {withn: 1, min: 'x'}`, []string{"name: want a string, got a number (5)", "withn: unknown option", "min: want a whole number"}},
	}
	for _, tc := range tests {
		t.Run(tc.args, func(t *testing.T) {
			t.Parallel()
			var got options
			_, err := decodeArgs("t", &got, []string{"name"}, jsArgs(t, tc.args))
			if !errors.Is(err, assertions.ErrBadExpectation) {
				t.Fatalf("err %v, want an invalid expectation", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
