package modules

import (
	"fmt"

	"github.com/grafana/sobek"
)

// Bytes reads a binary argument of fn the way k6's modules accept one: a
// string (its UTF-8 bytes), an ArrayBuffer, or a typed array or DataView
// (the bytes of its view). Anything else throws a TypeError naming fn.
// The slice may share memory with the runtime's buffer: do not keep it.
func Bytes(rt *sobek.Runtime, fn string, v sobek.Value) []byte {
	if v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) {
		panic(rt.NewTypeError(fmt.Sprintf("%s: give a string or an ArrayBuffer, got %v", fn, v)))
	}
	switch x := v.Export().(type) {
	case string:
		return []byte(x)
	case sobek.ArrayBuffer:
		return x.Bytes()
	case []byte:
		return x
	}
	if obj, ok := v.(*sobek.Object); ok {
		if ab, ok := obj.Get("buffer").Export().(sobek.ArrayBuffer); ok {
			off := obj.Get("byteOffset").ToInteger()
			n := obj.Get("byteLength").ToInteger()
			b := ab.Bytes()
			if off >= 0 && n >= 0 && off+n <= int64(len(b)) {
				return b[off : off+n]
			}
		}
	}
	panic(rt.NewTypeError(fmt.Sprintf("%s: give a string, an ArrayBuffer or a typed array, got %s", fn, v.String())))
}
