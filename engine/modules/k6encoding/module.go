package k6encoding

import (
	"encoding/base64"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/encoding root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/encoding module.
func New() modules.Module { return &Module{} }

// NewInstance binds the module to one VU.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	return &instance{rt: vu.Runtime()}, nil
}

type instance struct{ rt *sobek.Runtime }

// Exports implements modules.Instance.
func (i *instance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{
		"b64encode": i.b64encode,
		"b64decode": i.b64decode,
	}}
}

// encoding returns the base64 variant named by k6's encoding argument.
func encoding(rt *sobek.Runtime, fn string, v sobek.Value) *base64.Encoding {
	name := "std"
	if v != nil && !sobek.IsUndefined(v) && !sobek.IsNull(v) {
		name = v.String()
	}
	switch name {
	case "", "std":
		return base64.StdEncoding
	case "rawstd":
		return base64.RawStdEncoding
	case "url":
		return base64.URLEncoding
	case "rawurl":
		return base64.RawURLEncoding
	}
	panic(rt.NewTypeError(fmt.Sprintf("%s: unknown encoding %q: use \"std\", \"rawstd\", \"url\" or \"rawurl\"", fn, name)))
}

// b64encode(input, encoding) returns the base64 text of input.
func (i *instance) b64encode(call sobek.FunctionCall) sobek.Value {
	b := modules.Bytes(i.rt, "b64encode", call.Argument(0))
	return i.rt.ToValue(encoding(i.rt, "b64encode", call.Argument(1)).EncodeToString(b))
}

// b64decode(input, encoding, format) returns the decoded bytes as an
// ArrayBuffer, or as a string when format is "s".
func (i *instance) b64decode(call sobek.FunctionCall) sobek.Value {
	enc := encoding(i.rt, "b64decode", call.Argument(1))
	b, err := enc.DecodeString(call.Argument(0).String())
	if err != nil {
		panic(i.rt.NewGoError(fmt.Errorf("b64decode: the input is not valid base64 for this encoding (std and url pad with '=', rawstd and rawurl do not): %w", err)))
	}
	if f := call.Argument(2); !sobek.IsUndefined(f) && f.String() == "s" {
		return i.rt.ToValue(string(b))
	}
	return i.rt.ToValue(i.rt.NewArrayBuffer(b))
}
