package assertionsjs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/internal/duration"
)

// faultIDKey is the option that names the fault a result refers to when
// no fault handle is given as a time.
const faultIDKey = "faultId"

// decodeArgs fills dst (a pointer to an expectation's struct) from a
// call's arguments: the positional ones first, in order, as the fields
// whose json names positional lists, then one options object with the
// other fields. Keys are the json names, exactly. time.Duration fields
// take "5s" or milliseconds; time.Time fields take milliseconds since the
// epoch, a Date, an RFC 3339 string or a fault handle, whose id becomes
// the returned fault id (as does a faultId option). Every problem is
// reported at once, each naming its option, wrapping
// assertions.ErrBadExpectation.
func decodeArgs(name string, dst any, positional []string, args []sobek.Value) (faultID string, err error) {
	t := reflect.TypeOf(dst).Elem()
	fields := fieldsOf(t)
	var opts []string
	for _, f := range fields {
		if !slices.Contains(positional, f.name) {
			opts = append(opts, f.name)
		}
	}
	if _, clash := fieldOf(fields, faultIDKey); !clash {
		opts = append(opts, faultIDKey)
	}
	sig := name + "(" + strings.Join(append(slices.Clone(positional), "options"), ", ") + ")"
	w := &walker{}
	m := map[string]any{}
	for i, p := range positional {
		if i >= len(args) || absent(args[i]) {
			w.note(p, fmt.Sprintf("missing: give it as argument %d, %s", i+1, sig))
			continue
		}
		m[p] = args[i].Export()
	}
	if len(args) > len(positional)+1 {
		w.note("", fmt.Sprintf("takes at most %d arguments, %s; got %d", len(positional)+1, sig, len(args)))
	}
	var explicitID string
	if len(args) > len(positional) && !absent(args[len(positional)]) {
		o, ok := args[len(positional)].Export().(map[string]any)
		if !ok {
			w.note("options", fmt.Sprintf("want an object with %s; got %s", strings.Join(opts, ", "), args[len(positional)].String()))
		}
		for _, k := range sortedKeys(o) {
			v := o[k]
			switch {
			case v == nil:
			case slices.Contains(positional, k):
				w.note(k, "give it as argument "+fmt.Sprint(slices.Index(positional, k)+1)+", "+sig+", not as an option")
			case k == faultIDKey && slices.Contains(opts, faultIDKey):
				explicitID = w.faultID(v)
			case !slices.Contains(opts, k):
				w.note(k, fmt.Sprintf("unknown option (%s options: %s)", name, strings.Join(opts, ", ")))
			default:
				m[k] = v
			}
		}
	}
	norm := w.object("", fields, m)
	faultID = w.pickFaultID(explicitID)
	if len(w.problems) > 0 {
		return "", fmt.Errorf("%w: %s: %s", assertions.ErrBadExpectation, name, strings.Join(w.problems, "; "))
	}
	b, err := json.Marshal(norm)
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err = dec.Decode(dst)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", assertions.ErrBadExpectation, name, err)
	}
	return faultID, nil
}

// absent: undefined or null, an argument not given.
func absent(v sobek.Value) bool { return v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) }

// walker converts exported JS values to what encoding/json reads into a
// field's type, noting every problem by its path ("within",
// "labels.severity", "spans[0].name").
type walker struct {
	problems []string
	faultIDs []string // from fault handles given as times, in order met
}

func (w *walker) note(path, problem string) {
	if path == "" {
		w.problems = append(w.problems, problem)
		return
	}
	w.problems = append(w.problems, path+": "+problem)
}

var (
	durationType    = reflect.TypeFor[time.Duration]()
	timeType        = reflect.TypeFor[time.Time]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// value converts v for a field of type t.
func (w *walker) value(path string, t reflect.Type, v any) any {
	switch {
	case t == durationType:
		d, err := duration.FromAny(v)
		if err != nil {
			w.note(path, err.Error())
		}
		return int64(d)
	case t == timeType:
		return w.time(path, v)
	case t.Kind() == reflect.Pointer:
		return w.value(path, t.Elem(), v)
	case reflect.PointerTo(t).Implements(unmarshalerType):
		// The type reads script-shaped JSON itself (a span selector's
		// "150ms", a reference by name): hand it the value as it is.
		return v
	case t.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			w.note(path, fmt.Sprintf("want an object with %s, got %s", strings.Join(names(fieldsOf(t)), ", "), jsType(v)))
			return nil
		}
		fields := fieldsOf(t)
		for _, k := range sortedKeys(m) {
			if _, ok := fieldOf(fields, k); !ok {
				w.note(join(path, k), fmt.Sprintf("unknown key (known: %s)", strings.Join(names(fields), ", ")))
				delete(m, k)
			}
		}
		return w.object(path, fields, m)
	case (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) && t.Elem().Kind() != reflect.Uint8:
		vs, ok := v.([]any)
		if !ok {
			w.note(path, "want an array, got "+jsType(v))
			return nil
		}
		out := make([]any, len(vs))
		for i, x := range vs {
			out[i] = w.value(fmt.Sprintf("%s[%d]", path, i), t.Elem(), x)
		}
		return out
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		m, ok := v.(map[string]any)
		if !ok {
			w.note(path, "want an object, got "+jsType(v))
			return nil
		}
		out := make(map[string]any, len(m))
		for _, k := range sortedKeys(m) {
			out[k] = w.value(join(path, k), t.Elem(), m[k])
		}
		return out
	}
	if err := leaf(t, v); err != nil {
		w.note(path, err.Error())
	}
	return v
}

// object converts the keys of m that fields name (the caller has
// refused the others); undefined and null values mean unset.
func (w *walker) object(path string, fields []field, m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for _, k := range sortedKeys(m) {
		f, _ := fieldOf(fields, k)
		if m[k] == nil {
			continue
		}
		out[k] = w.value(join(path, k), f.typ, m[k])
	}
	return out
}

// timeHint is what a time option takes.
const timeHint = "give milliseconds since the epoch (Date.now(), a fault's injectedAt), a Date, an RFC 3339 string or a fault handle"

// time converts a time: milliseconds since the epoch, a Date (exported
// as time.Time), an RFC 3339 string, or a fault handle (its injectedAt;
// its id is noted).
func (w *walker) time(path string, v any) any {
	var at time.Time
	switch x := v.(type) {
	case int64, float64:
		ms, ok := millis(x)
		if !ok {
			w.note(path, fmt.Sprintf("%v is not a time: %s", x, timeHint))
			return nil
		}
		at = fromMillis(ms)
	case time.Time:
		at = x
	case string:
		p, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			w.note(path, fmt.Sprintf("%q is not an RFC 3339 time: %s", x, timeHint))
			return nil
		}
		at = p
	case map[string]any:
		ms, okAt := millis(x["injectedAt"])
		// A time to count from after the fault (after:) is its end.
		if end, ok := millis(x["revertedAt"]); ok && lastKey(path) == "after" {
			ms = end
		}
		id, okID := x["id"].(string)
		if !okAt || !okID || id == "" {
			w.note(path, "an object that is not a fault handle (it needs injectedAt and id): "+timeHint)
			return nil
		}
		w.faultIDs = append(w.faultIDs, id)
		at = fromMillis(ms)
	default:
		w.note(path, fmt.Sprintf("want a time, got %s: %s", jsType(v), timeHint))
		return nil
	}
	if at.UnixMilli() <= 0 {
		w.note(path, fmt.Sprintf("%v is not a time after 1970: %s", v, timeHint))
		return nil
	}
	return at.Format(time.RFC3339Nano)
}

// lastKey is the last key of an option path ("spans[0].after" → after).
func lastKey(path string) string {
	if i := strings.LastIndexAny(path, ".]"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// millis reads a finite number of milliseconds since the epoch, as
// sobek exports it (int64 when whole, else float64), up to year 9999.
func millis(v any) (float64, bool) {
	var ms float64
	switch x := v.(type) {
	case int64:
		ms = float64(x)
	case float64:
		ms = x
	default:
		return 0, false
	}
	return ms, !math.IsNaN(ms) && ms > 0 && ms < maxMillis
}

// fromMillis is ms since the epoch as a time, exact to the millisecond
// (ms * 1e6 as a float64 would not be).
func fromMillis(ms float64) time.Time {
	whole := math.Floor(ms)
	return time.UnixMilli(int64(whole)).Add(time.Duration((ms - whole) * float64(time.Millisecond)))
}

// maxMillis is 9999-12-31 in milliseconds since the epoch.
const maxMillis = 253402300799999

// faultID reads the faultId option: a string, or a fault handle.
func (w *walker) faultID(v any) string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return x
		}
	case map[string]any:
		if id, ok := x["id"].(string); ok && id != "" {
			return id
		}
	}
	w.note(faultIDKey, "want a fault's id (a string) or the fault handle, got "+jsType(v))
	return ""
}

// pickFaultID is the result's fault: faultId when given, else that of
// the fault handles given as times, which must agree.
func (w *walker) pickFaultID(explicit string) string {
	if explicit != "" {
		return explicit
	}
	ids := slices.Compact(slices.Sorted(slices.Values(w.faultIDs)))
	if len(ids) > 1 {
		w.note("", fmt.Sprintf("the options name different faults (%s): set faultId to the one the result refers to", strings.Join(ids, ", ")))
		return ""
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return ""
}

// leaf checks a plain value against its field's type, so the error names
// the option rather than coming from the whole object's decoding.
func leaf(t reflect.Type, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		var ue *json.UnsupportedValueError
		if errors.As(err, &ue) {
			return fmt.Errorf("%s is not a value this option can take", ue.Str)
		}
		return fmt.Errorf("want %s, got %s", describe(t), jsType(v))
	}
	err = json.Unmarshal(b, reflect.New(t).Interface())
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("want %s, got %s", describe(t), jsType(v))
	}
	return err
}

// describe names a Go type as a script writer would.
func describe(t reflect.Type) string {
	switch k := t.Kind(); {
	case k == reflect.String:
		return "a string"
	case k == reflect.Bool:
		return "a boolean"
	case k >= reflect.Int && k <= reflect.Uint64:
		return "a whole number"
	case k == reflect.Float32 || k == reflect.Float64:
		return "a number"
	}
	return t.String()
}

// jsType names an exported JS value's type ("a string", "an object").
func jsType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("a string (%q)", x)
	case bool:
		return "a boolean"
	case int64, float64:
		return fmt.Sprintf("a number (%v)", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	case time.Time:
		return "a Date"
	}
	return fmt.Sprintf("a %T", v)
}

// field is one JSON field of an options struct.
type field struct {
	name string
	typ  reflect.Type
}

// fieldsOf lists t's JSON fields in order, embedded structs' inlined.
func fieldsOf(t reflect.Type) []field {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case tag == "-" || !f.IsExported() && !f.Anonymous:
		case f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct:
			out = append(out, fieldsOf(f.Type)...)
		case tag != "":
			out = append(out, field{tag, f.Type})
		default:
			out = append(out, field{f.Name, f.Type})
		}
	}
	return out
}

func fieldOf(fields []field, name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func names(fields []field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.name
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
