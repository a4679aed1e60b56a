package modules

import "github.com/grafana/sobek"

// NewError is a JavaScript Error named name whose type property is typ,
// with err's text as its message: what a module throws (panic with it)
// or rejects a promise with, so scripts can branch on e.name and e.type.
func NewError(rt *sobek.Runtime, name, typ string, err error) *sobek.Object {
	o, cerr := rt.New(rt.Get("Error"), rt.ToValue(err.Error()))
	if cerr != nil {
		panic(rt.NewGoError(err))
	}
	_ = o.Set("name", name)
	_ = o.Set("type", typ)
	return o
}
