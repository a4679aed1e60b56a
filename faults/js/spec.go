package faultsjs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// decodeSpec fills spec (a pointer to a fault's spec struct) from a JS
// options object through JSON: keys are the spec's json names, exactly;
// undefined and null mean unset. Every problem is reported at once, each
// naming its key, as a *faults.SpecError.
func decodeSpec(arg sobek.Value, spec any) error {
	t := reflect.TypeOf(spec).Elem()
	kind := reflect.Zero(t).Interface().(faults.Spec).Kind()
	known := jsonKeys(t)
	bad := func(problems ...string) error { return &faults.SpecError{Kind: kind, Problems: problems} }
	if arg == nil || sobek.IsUndefined(arg) || sobek.IsNull(arg) {
		return bad("give the fault's options as an object: " + strings.Join(known, ", "))
	}
	m, ok := arg.Export().(map[string]any)
	if !ok {
		return bad(fmt.Sprintf("options %s: give an object with %s", arg.String(), strings.Join(known, ", ")))
	}
	var problems []string
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		switch {
		case v == nil:
			delete(m, k)
		case !slices.Contains(known, k):
			problems = append(problems, fmt.Sprintf("%s: unknown option (%s options: %s)", k, kind, strings.Join(known, ", ")))
		default:
			if err := decodeOne(t, k, v); err != nil {
				problems = append(problems, k+": "+err.Error())
			}
		}
	}
	if len(problems) > 0 {
		return bad(problems...)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return bad(err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(spec); err != nil {
		return bad(err.Error())
	}
	return nil
}

// decodeOne decodes one option alone, so its error names its key.
func decodeOne(t reflect.Type, key string, v any) error {
	b, err := json.Marshal(map[string]any{key: v})
	if err != nil {
		var ue *json.UnsupportedValueError
		if errors.As(err, &ue) {
			return fmt.Errorf("%s is not a value JSON can carry", ue.Str)
		}
		return err
	}
	err = json.Unmarshal(b, reflect.New(t).Interface())
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("want %s, got %s", describeType(te.Type), article(te.Value))
	}
	return err
}

// article puts "a" or "an" before a JSON type name ("an object").
func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

var durationType = reflect.TypeFor[duration.Duration]()

func describeType(t reflect.Type) string {
	switch {
	case t == durationType:
		return `a duration such as "5s", or a number of milliseconds`
	case t.Kind() == reflect.String:
		return "a string"
	case t.Kind() == reflect.Bool:
		return "a boolean"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	}
	return t.String()
}

// jsonKeys are the json names of a struct's fields, in field order.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}
