package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// Request is one operation to perform.
type Request struct {
	Op Op
	// Name is the tool (OpCallTool) or prompt (OpGetPrompt).
	Name string
	// URI is the resource (OpReadResource).
	URI string
	// Arguments are the tool's arguments (any JSON value, usually an
	// object) or the prompt's (string values).
	Arguments any
	// Cursor continues a single-page list.
	Cursor string
	// Meta adds fields to params._meta (traceparent is set by the session).
	Meta map[string]any
	// Timeout overrides the session's per-call timeout.
	Timeout time.Duration
}

// target is what the request acts on, for messages and span names.
func (r Request) target() string {
	switch r.Op {
	case OpCallTool, OpGetPrompt:
		return r.Name
	case OpReadResource:
		return r.URI
	default:
		return ""
	}
}

// validate rejects requests that could not be sent; these are the
// script's mistakes, so they are plain errors, not *Error.
func (r Request) validate() error {
	switch {
	case !r.Op.valid() || r.Op == OpInitialize:
		return fmt.Errorf("mcp call: %v is not an operation to call", r.Op)
	case r.Op == OpCallTool && r.Name == "":
		return errors.New("mcp tools/call: the tool name is empty; pass {name: 'tool', arguments: {...}}")
	case r.Op == OpGetPrompt && r.Name == "":
		return errors.New("mcp prompts/get: the prompt name is empty; pass {name: 'prompt', arguments: {...}}")
	case r.Op == OpReadResource && r.URI == "":
		return errors.New("mcp resources/read: the resource URI is empty; pass {uri: '...'}")
	}
	if r.Op == OpGetPrompt {
		if _, err := promptArguments(r.Arguments); err != nil {
			return fmt.Errorf("mcp prompts/get %q: %w", r.Name, err)
		}
	}
	return nil
}

// Result is a successful operation's outcome.
type Result struct {
	Op Op
	// Value is mcp-go's decoded result: *mcp.CallToolResult,
	// *mcp.ListToolsResult, *mcp.ReadResourceResult, ... (nil for ping).
	Value any
	// Raw is the result object as the server sent it; for listAll* it
	// holds every page's items under the list's key.
	Raw json.RawMessage
	// IsError is the tool result's isError flag.
	IsError bool
	// TraceID, SpanID and Traceparent identify the (last) request sent.
	TraceID, SpanID, Traceparent string
	SessionID, ProtocolVersion   string
	// RequestID is the JSON-RPC id of the (last) request.
	RequestID string
	Start     time.Time
	Duration  time.Duration
	// Reconnected is set when the session had to be re-established first.
	Reconnected bool
	// Pages counts the requests a listAll* operation sent.
	Pages int
}

// Call performs one operation. A failure is an *Error. When the server
// has forgotten a Streamable HTTP session (HTTP 404), the session is
// re-initialized and the request sent once more, since the server did not
// process it.
func (s *Session) Call(ctx context.Context, r Request) (Result, error) {
	if err := r.validate(); err != nil {
		return Result{}, err
	}
	start := time.Now()
	sent0, recv0 := s.counters.Snapshot()
	cl, reconnected, err := s.current(ctx)
	var res Result
	var cerr *Error
	if err == nil {
		res, cerr = s.do(ctx, cl, r)
		if cerr != nil && cerr.Kind == KindSessionLost && !s.opts.NoReconnect {
			if err = s.reconnect(ctx, cl); err == nil {
				reconnected = true
				s.mu.Lock()
				cl = s.cl
				s.mu.Unlock()
				res, cerr = s.do(ctx, cl, r)
			}
		}
	}
	if err != nil {
		if !errors.As(err, &cerr) {
			cerr = &Error{Kind: KindTransport, Err: err}
		}
	}
	res.Op, res.Start, res.Duration, res.Reconnected = r.Op, start, time.Since(start), reconnected
	s.mu.Lock()
	res.SessionID, res.ProtocolVersion = s.id, s.version
	s.mu.Unlock()
	if cerr != nil {
		cerr.Op, cerr.Target, cerr.Server = r.Op, r.target(), s.opts.server()
	}
	s.observe(r, &res, cerr, sent0, recv0)
	if cerr != nil {
		return res, cerr
	}
	return res, nil
}

func (s *Session) observe(r Request, res *Result, cerr *Error, sent0, recv0 int64) {
	obs := s.opts.Observer
	if obs == nil {
		return
	}
	sent, recv := s.counters.Snapshot()
	obs.ObserveCall(&CallInfo{
		Op: r.Op, Target: r.target(), Start: res.Start, Duration: res.Duration,
		IsError: res.IsError, Err: cerr,
		BytesSent: sent - sent0, BytesReceived: recv - recv0,
		TraceID: res.TraceID, SpanID: res.SpanID, SessionID: res.SessionID,
	})
}

// do sends the operation's request(s) under the call's timeout.
func (s *Session) do(ctx context.Context, cl *client.Client, r Request) (Result, *Error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = s.opts.timeout()
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if r.Op.paginated() {
		return s.listAll(ctx, cctx, cl, r, timeout)
	}
	sp := s.startSpan(cctx, r, nil)
	res, ex, err := s.once(sp.ctx, cl, r, sp.tc, r.Cursor)
	var cerr *Error
	if err != nil {
		cerr = classify(ctx, err, ex, timeout)
	}
	sp.end(s, ex, res.IsError, cerr)
	return res, cerr
}

// once sends one request and fills the result's trace and wire fields.
func (s *Session) once(ctx context.Context, cl *client.Client, r Request, tc traceparent.Context, cursor string) (Result, *exchange, error) {
	ex := newExchange(tc, s.opts.sendsHeader())
	v, err := s.send(ex.bind(ctx), cl, r, ex, cursor)
	id, _, raw := ex.outcome()
	res := Result{
		Value: v, Raw: raw, RequestID: id,
		TraceID: ex.traceID(), SpanID: ex.spanID(), Traceparent: ex.traceparent,
	}
	if tr, ok := v.(*mcp.CallToolResult); ok && tr != nil {
		res.IsError = tr.IsError
	}
	return res, ex, err
}

// send issues the mcp-go call. mcp-go decodes the answer; a panic while
// doing so is turned into a malformed-response error.
func (s *Session) send(ctx context.Context, cl *client.Client, r Request, ex *exchange, cursor string) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("%w: decoding the answer failed: %v", errMalformed, p)
		}
	}()
	meta := s.meta(ex, r.Meta)
	switch r.Op {
	case OpPing:
		return nil, cl.Ping(ctx)
	case OpCallTool:
		var q mcp.CallToolRequest
		q.Params.Name, q.Params.Arguments, q.Params.Meta = r.Name, r.Arguments, meta
		return nonNil(cl.CallTool(ctx, q))
	case OpListTools, OpListAllTools:
		var q mcp.ListToolsRequest
		q.Params.Cursor, q.Params.Meta = mcp.Cursor(cursor), meta
		return nonNil(cl.ListToolsByPage(ctx, q))
	case OpListResources, OpListAllResources:
		var q mcp.ListResourcesRequest
		q.Params.Cursor, q.Params.Meta = mcp.Cursor(cursor), meta
		return nonNil(cl.ListResourcesByPage(ctx, q))
	case OpReadResource:
		var q mcp.ReadResourceRequest
		q.Params.URI, q.Params.Meta = r.URI, meta
		return nonNil(cl.ReadResource(ctx, q))
	case OpListPrompts, OpListAllPrompts:
		var q mcp.ListPromptsRequest
		q.Params.Cursor, q.Params.Meta = mcp.Cursor(cursor), meta
		return nonNil(cl.ListPromptsByPage(ctx, q))
	case OpGetPrompt:
		var q mcp.GetPromptRequest
		q.Params.Name, q.Params.Meta = r.Name, meta
		args, err := promptArguments(r.Arguments)
		if err != nil {
			return nil, err
		}
		q.Params.Arguments = args
		return nonNil(cl.GetPrompt(ctx, q))
	default:
		return nil, fmt.Errorf("unknown operation %d", int(r.Op))
	}
}

// nonNil drops a typed nil so that Result.Value is a plain nil.
func nonNil[T any](v *T, err error) (any, error) {
	if err != nil || v == nil {
		return nil, err
	}
	return v, nil
}

// meta builds params._meta: the caller's fields plus the traceparent
// (unless it travels only in the header); nil when that leaves nothing.
func (s *Session) meta(ex *exchange, extra map[string]any) *mcp.Meta {
	withTrace := s.opts.sendsMeta()
	if !withTrace && len(extra) == 0 {
		return nil
	}
	fields := make(map[string]any, len(extra)+1)
	var token mcp.ProgressToken
	for k, v := range extra {
		if k == "progressToken" {
			token = v
			continue
		}
		fields[k] = v
	}
	if withTrace {
		fields["traceparent"] = ex.traceparent
	}
	return &mcp.Meta{ProgressToken: token, AdditionalFields: fields}
}

// promptArguments converts prompt arguments to the string map MCP wants.
func promptArguments(a any) (map[string]string, error) {
	switch m := a.(type) {
	case nil:
		return nil, nil
	case map[string]string:
		return m, nil
	case map[string]any:
		out := make(map[string]string, len(m))
		for k, v := range m {
			if str, ok := v.(string); ok {
				out[k] = str
				continue
			}
			b, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("prompt argument %q: %w", k, err)
			}
			out[k] = string(b)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("prompt arguments must be an object of strings, not %T", a)
	}
}
