package k6http

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/grafana/sobek"
)

// parseJSON parses body with the runtime's JSON.parse and, with a
// selector, returns the value at that path: dot-separated keys and array
// indexes ("data.items.0.id"), "#" for an array's length
// ("data.items.#"). A missing path gives undefined.
func parseJSON(rt *sobek.Runtime, body []byte, selector sobek.Value) (sobek.Value, error) {
	if body == nil {
		return nil, errNoBody
	}
	parse, ok := sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	if !ok {
		return nil, fmt.Errorf("JSON.parse is not available")
	}
	v, err := parse(sobek.Undefined(), rt.ToValue(string(body)))
	if err != nil {
		return nil, fmt.Errorf("the body is not valid JSON (%v): check the response status and content type", err)
	}
	if isNullish(selector) || selector.String() == "" {
		return v, nil
	}
	return selectPath(v, selector.String()), nil
}

func selectPath(v sobek.Value, path string) sobek.Value {
	for _, key := range strings.Split(path, ".") {
		obj, ok := v.(*sobek.Object)
		if !ok || isNullish(v) {
			return sobek.Undefined()
		}
		isArray := obj.ClassName() == "Array"
		switch {
		case key == "#" && isArray:
			v = obj.Get("length")
			continue
		case isArray:
			if _, err := strconv.Atoi(key); err != nil {
				return sobek.Undefined()
			}
		}
		next := obj.Get(key)
		if next == nil {
			return sobek.Undefined()
		}
		v = next
	}
	return v
}
