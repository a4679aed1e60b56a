package testserver

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
)

// Fault is a way for tools/call to answer badly.
type Fault int32

// The faults.
const (
	NoFault Fault = iota
	// Fault503 answers HTTP 503 with a text body.
	Fault503
	// FaultBadJSON answers 200 application/json that does not parse.
	FaultBadJSON
	// FaultHTML answers 200 text/html.
	FaultHTML
	// FaultResultNotObject answers a JSON-RPC result that is a string.
	FaultResultNotObject
	// FaultRPCCode answers a JSON-RPC error with code -32042, which
	// mcp-go has no name for.
	FaultRPCCode
	// FaultHang never answers (until the client gives up).
	FaultHang
)

// Faults is a switch read on every tools/call.
type Faults struct{ v atomic.Int32 }

// Set makes every following tools/call answer with f.
func (f *Faults) Set(x Fault) { f.v.Store(int32(x)) }

func (f *Faults) get() Fault { return Fault(f.v.Load()) }

// serve writes the fault's answer; it reports false for NoFault.
func (f *Faults) serve(w http.ResponseWriter, r *http.Request, body []byte) bool {
	var env struct {
		ID json.RawMessage `json:"id"`
	}
	_ = json.Unmarshal(body, &env)
	switch f.get() {
	case Fault503:
		http.Error(w, "overloaded, try later", http.StatusServiceUnavailable)
	case FaultBadJSON:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":` + string(env.ID) + `,"result":{"content":[`))
	case FaultHTML:
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>not mcp</html>"))
	case FaultResultNotObject:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":` + string(env.ID) + `,"result":"surprise"}`))
	case FaultRPCCode:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"jsonrpc":"2.0","id":` + string(env.ID) + `,"error":{"code":-32042,"message":"quota exceeded"}}`))
	case FaultHang:
		<-r.Context().Done()
	default:
		return false
	}
	return true
}
