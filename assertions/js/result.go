package assertionsjs

import (
	"encoding/json"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/assertions"
)

// resultObject is a Result as a plain JS object: status, passed, why,
// the query and last value, times as milliseconds since the epoch (null
// when unset), stages with afterMs, details, faultId and subject.
func (i *instance) resultObject(r assertions.Result) *sobek.Object {
	rt := i.vu.Runtime()
	stages := make([]any, 0, len(r.Stages))
	for _, s := range r.Stages {
		stages = append(stages, object(rt,
			"name", s.Name,
			"at", ms(s.At),
			"afterMs", durationMs(s.After),
			"observedAt", ms(s.ObservedAt),
		))
	}
	var errText any
	if r.Err != nil {
		errText = r.Err.Error()
	}
	return object(rt,
		"name", r.Name,
		"subject", r.Subject,
		"status", string(r.Status),
		"passed", r.Passed(),
		"why", r.Why,
		"backend", r.Backend,
		"query", r.Query,
		"last", jsValue(r.Last),
		"since", ms(r.Since),
		"heldAt", ms(r.HeldAt),
		"stages", rt.NewArray(stages...),
		"details", jsValue(r.Details),
		"faultId", nullable(r.FaultID),
		"startedAt", ms(r.Started),
		"endedAt", ms(r.Ended),
		"polls", r.Polls,
		"error", errText,
	)
}

// object is a plain JS object of key, value pairs, in order.
func object(rt *sobek.Runtime, kv ...any) *sobek.Object {
	o := rt.NewObject()
	for j := 0; j+1 < len(kv); j += 2 {
		_ = o.Set(kv[j].(string), kv[j+1])
	}
	return o
}

// jsValue is a Go value as plain data with its JSON names (a report
// struct's fields), or its text when it has no JSON form.
func jsValue(v any) any {
	switch x := v.(type) {
	case nil, float64, string, bool, int, int64:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Sprint(v)
	}
	return out
}
