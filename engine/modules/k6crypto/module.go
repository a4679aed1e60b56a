package k6crypto

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strings"

	"github.com/grafana/sobek"
	"golang.org/x/crypto/md4"       //nolint:staticcheck // k6/crypto offers md4
	"golang.org/x/crypto/ripemd160" //nolint:staticcheck // k6/crypto offers ripemd160

	"github.com/mcpchaos/mcpchaos/engine/modules"
)

// Module is the k6/crypto root module.
type Module struct{}

var _ modules.Module = (*Module)(nil)

// New returns the k6/crypto module.
func New() modules.Module { return &Module{} }

// NewInstance binds the module to one VU.
func (*Module) NewInstance(vu modules.VU) (modules.Instance, error) {
	return &instance{rt: vu.Runtime()}, nil
}

type instance struct{ rt *sobek.Runtime }

// algorithms are k6's hash names.
func algorithms() map[string]func() hash.Hash {
	return map[string]func() hash.Hash{
		"md4": md4.New, "md5": md5.New, "sha1": sha1.New,
		"sha256": sha256.New, "sha384": sha512.New384, "sha512": sha512.New,
		"sha512_224": sha512.New512_224, "sha512_256": sha512.New512_256,
		"ripemd160": ripemd160.New,
	}
}

// Exports implements modules.Instance.
func (i *instance) Exports() modules.Exports {
	named := map[string]any{
		"hmac":        i.hmac,
		"createHash":  i.createHash,
		"createHMAC":  i.createHMAC,
		"randomBytes": i.randomBytes,
	}
	for name, newHash := range algorithms() {
		named[name] = func(call sobek.FunctionCall) sobek.Value {
			h := newHash()
			h.Write(modules.Bytes(i.rt, name, call.Argument(0)))
			return i.encode(name, h.Sum(nil), call.Argument(1))
		}
	}
	return modules.Exports{Named: named}
}

// algorithm returns the hash constructor of a k6 algorithm name.
func (i *instance) algorithm(fn string, v sobek.Value) func() hash.Hash {
	name := strings.ToLower(v.String())
	algs := algorithms()
	if h, ok := algs[name]; ok {
		return h
	}
	names := make([]string, 0, len(algs))
	for n := range algs {
		names = append(names, n)
	}
	sort.Strings(names)
	panic(i.rt.NewTypeError(fmt.Sprintf("%s: unknown algorithm %q: use one of %s", fn, v.String(), strings.Join(names, ", "))))
}

// encode renders a digest in k6's outputEncoding.
func (i *instance) encode(fn string, sum []byte, enc sobek.Value) sobek.Value {
	name := "binary"
	if enc != nil && !sobek.IsUndefined(enc) {
		name = enc.String()
	}
	switch name {
	case "hex":
		return i.rt.ToValue(hex.EncodeToString(sum))
	case "base64":
		return i.rt.ToValue(base64.StdEncoding.EncodeToString(sum))
	case "base64url":
		return i.rt.ToValue(base64.URLEncoding.EncodeToString(sum))
	case "base64rawurl":
		return i.rt.ToValue(base64.RawURLEncoding.EncodeToString(sum))
	case "binary":
		return i.rt.ToValue(i.rt.NewArrayBuffer(sum))
	}
	panic(i.rt.NewTypeError(fmt.Sprintf("%s: unknown output encoding %q: use \"hex\", \"base64\", \"base64url\", \"base64rawurl\" or \"binary\"", fn, name)))
}

// hmac(algorithm, secret, data, outputEncoding).
func (i *instance) hmac(call sobek.FunctionCall) sobek.Value {
	h := hmac.New(i.algorithm("hmac", call.Argument(0)), modules.Bytes(i.rt, "hmac secret", call.Argument(1)))
	h.Write(modules.Bytes(i.rt, "hmac data", call.Argument(2)))
	return i.encode("hmac", h.Sum(nil), call.Argument(3))
}

// createHash(algorithm) returns a Hasher.
func (i *instance) createHash(call sobek.FunctionCall) sobek.Value {
	return i.hasher("createHash", i.algorithm("createHash", call.Argument(0))())
}

// createHMAC(algorithm, secret) returns a Hasher.
func (i *instance) createHMAC(call sobek.FunctionCall) sobek.Value {
	newHash := i.algorithm("createHMAC", call.Argument(0))
	return i.hasher("createHMAC", hmac.New(newHash, modules.Bytes(i.rt, "createHMAC secret", call.Argument(1))))
}

// hasher is k6's Hasher: update(input) adds data, digest(encoding)
// returns the digest so far.
func (i *instance) hasher(fn string, h hash.Hash) sobek.Value {
	o := i.rt.NewObject()
	_ = o.Set("update", func(call sobek.FunctionCall) sobek.Value {
		h.Write(modules.Bytes(i.rt, "update", call.Argument(0)))
		return sobek.Undefined()
	})
	_ = o.Set("digest", func(call sobek.FunctionCall) sobek.Value {
		return i.encode(fn+"().digest", h.Sum(nil), call.Argument(0))
	})
	return o
}

// randomBytes(size) returns size cryptographically random bytes as an
// ArrayBuffer.
func (i *instance) randomBytes(call sobek.FunctionCall) sobek.Value {
	n := call.Argument(0).ToInteger()
	if n < 1 {
		panic(i.rt.NewTypeError(fmt.Sprintf("randomBytes: size must be a positive integer, got %s", call.Argument(0).String())))
	}
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return i.rt.ToValue(i.rt.NewArrayBuffer(b))
}
