package assertions

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSpanSelectorJSON(t *testing.T) {
	tests := []struct {
		name string
		js   string
		want SpanSelector
	}{
		{"durations as strings", `{"minDuration":"1.5ms","maxDuration":"2s"}`,
			SpanSelector{MinDuration: 1500 * time.Microsecond, MaxDuration: 2 * time.Second}},
		{"durations as milliseconds", `{"maxDuration":250}`, SpanSelector{MaxDuration: 250 * time.Millisecond}},
		{"attributes: plain values and operators", `{"attributes":{"a":"x","b":200,"c":true,"d":{"op":">=","value":1.5},"e":{"op":"exists"}}}`,
			SpanSelector{Attributes: map[string]AttrMatch{
				"a": AttrEq("x"), "b": AttrEq(int64(200)), "c": AttrEq(true),
				"d": AttrCmp(OpGe, 1.5), "e": {Op: OpExists},
			}}},
		{"parent by id, ancestor by index", `{"parent":"tool","ancestor":0}`, SpanSelector{Parent: RefTo("tool"), Ancestor: RefIndex(0)}},
		{"parent as a selector", `{"parent":{"kind":"server","tool":"search"}}`,
			SpanSelector{Parent: RefSpan(SpanSelector{Kind: SpanKindServer, Tool: "search"})}},
		{"count 0 is not unset", `{"count":0}`, SpanSelector{Count: N(0)}},
		{"everything else", `{"id":"x","name":"n","nameMatches":"n.*","kind":"client","service":"s","method":"tools/call","tool":"t","status":"error","statusMessage":"boom","minCount":1,"maxCount":3}`,
			SpanSelector{ID: "x", Name: "n", NameMatches: "n.*", Kind: SpanKindClient, Service: "s", Method: "tools/call", Tool: "t", Status: StatusError, StatusMessage: "boom", MinCount: N(1), MaxCount: N(3)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got SpanSelector
			if err := json.Unmarshal([]byte(tc.js), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("decoded %+v, want %+v", got, tc.want)
			}
			// It writes what it reads.
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var again SpanSelector
			if err := json.Unmarshal(b, &again); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			if !reflect.DeepEqual(again, tc.want) {
				t.Fatalf("round trip through %s gave %+v", b, again)
			}
		})
	}
}

func TestSpanSelectorJSONErrors(t *testing.T) {
	tests := []struct{ name, js, want string }{
		{"a typo is an error", `{"atributes":{"a":"b"}}`, `unknown field "atributes"`},
		{"bad duration", `{"maxDuration":"fast"}`, "fast"},
		{"bad condition object", `{"attributes":{"a":{"operator":"="}}}`, `unknown field "operator"`},
		{"bad reference", `{"parent":true}`, "want a selector's id or name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s SpanSelector
			err := json.Unmarshal([]byte(tc.js), &s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestCompileSelectorsErrors(t *testing.T) {
	tests := []struct {
		name string
		sels []SpanSelector
		want []string
	}{
		{"none", nil, []string{"at least one span selector"}},
		{"bad kind and status, all at once", []SpanSelector{{Kind: "sever", Status: "failed"}},
			[]string{`kind "sever": use one of server`, `status "failed": use one of unset, ok, error`}},
		{"bad operator", []SpanSelector{{Attributes: map[string]AttrMatch{"a": {Op: "~~", Value: "x"}}}}, []string{`unknown operator "~~"`}},
		{"ordering needs a number", []SpanSelector{{Attributes: map[string]AttrMatch{"a": AttrCmp(OpLt, "ten")}}}, []string{`"<" needs a number`}},
		{"bad regexp", []SpanSelector{{NameMatches: "(", Attributes: map[string]AttrMatch{"a": AttrCmp(OpMatches, "[")}}},
			[]string{"nameMatches", "regular expression"}},
		{"exists takes no value", []SpanSelector{{Attributes: map[string]AttrMatch{"a": {Op: OpExists, Value: false}}}}, []string{"takes no value"}},
		{"equality needs a value", []SpanSelector{{Attributes: map[string]AttrMatch{"a": {}}}}, []string{"needs a value"}},
		{"count and bounds", []SpanSelector{{Count: N(1), MaxCount: N(2)}}, []string{"not both"}},
		{"negative count", []SpanSelector{{Count: N(-1)}}, []string{"must not be negative"}},
		{"min over max", []SpanSelector{{MinCount: N(3), MaxCount: N(1)}, {MinDuration: time.Second, MaxDuration: time.Millisecond}},
			[]string{"minCount 3 is above maxCount 1", "minDuration 1s is above maxDuration 1ms"}},
		{"unknown reference", []SpanSelector{{Parent: RefTo("nope")}}, []string{`parent "nope" names no selector`}},
		{"index out of range", []SpanSelector{{Ancestor: RefIndex(4)}}, []string{"ancestor 4 is not an index"}},
		{"ambiguous name", []SpanSelector{{Name: "a"}, {Name: "a"}, {Parent: RefTo("a")}}, []string{"name of 2 selectors"}},
		{"duplicate ids", []SpanSelector{{ID: "x"}, {ID: "x"}}, []string{`same id "x"`}},
		{"cycle", []SpanSelector{{ID: "a", Parent: RefTo("b")}, {ID: "b", Ancestor: RefTo("a")}}, []string{"refer to themselves"}},
		{"self", []SpanSelector{{ID: "a", Parent: RefTo("a")}}, []string{"refer to themselves"}},
		{"counts on an inline parent", []SpanSelector{{Parent: RefSpan(SpanSelector{Count: N(2)})}}, []string{"no meaning on a parent"}},
		{"bad inline parent", []SpanSelector{{Parent: RefSpan(SpanSelector{Kind: "nope"})}}, []string{`kind "nope"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileSelectors(tc.sels)
			if err == nil {
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrBadExpectation) {
				t.Errorf("%v is not ErrBadExpectation", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}
