package session

import (
	"context"
	"net"
	"net/url"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/mcpchaos/mcpchaos/internal/traceparent"
)

// span is the client side of one request: the trace context it sends
// and, when a Tracer is set, the OpenTelemetry span recording it.
type span struct {
	ctx  context.Context
	tc   traceparent.Context
	otel trace.Span
}

// Attribute keys of the OpenTelemetry MCP semantic conventions.
const (
	attrMethod          = "mcp.method.name"
	attrSessionID       = "mcp.session.id"
	attrProtocolVersion = "mcp.protocol.version"
	attrResourceURI     = "mcp.resource.uri"
	attrToolName        = "gen_ai.tool.name"
	attrPromptName      = "gen_ai.prompt.name"
	attrOperationName   = "gen_ai.operation.name"
	attrRequestID       = "jsonrpc.request.id"
	attrRPCStatus       = "rpc.response.status_code"
	attrErrorType       = "error.type"
	attrTransport       = "network.transport"
	attrServerAddress   = "server.address"
	attrServerPort      = "server.port"
)

// startSpan begins the client span of one request. Pages after the first
// of a listAll* operation are children of the first.
func (s *Session) startSpan(ctx context.Context, r Request, parent *span) span {
	if s.opts.Tracer == nil || s.opts.Unsampled {
		tc := traceparent.New(!s.opts.Unsampled)
		if parent != nil {
			tc = parent.tc.Child()
		}
		return span{ctx: ctx, tc: tc}
	}
	if parent != nil && parent.otel != nil {
		ctx = trace.ContextWithSpan(ctx, parent.otel)
	}
	name := r.Op.Method()
	attrs := make([]attribute.KeyValue, 0, 8)
	attrs = append(attrs, attribute.String(attrMethod, name))
	switch r.Op {
	case OpCallTool:
		name += " " + r.Name
		attrs = append(attrs, attribute.String(attrToolName, r.Name), attribute.String(attrOperationName, "execute_tool"))
	case OpGetPrompt:
		name += " " + r.Name
		attrs = append(attrs, attribute.String(attrPromptName, r.Name))
	case OpReadResource:
		attrs = append(attrs, attribute.String(attrResourceURI, r.URI))
	}
	attrs = append(attrs, s.peerAttributes()...)
	ctx, sp := s.opts.Tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	sc := sp.SpanContext()
	return span{ctx: ctx, tc: traceparent.Context{TraceID: sc.TraceID(), SpanID: sc.SpanID(), Sampled: sc.IsSampled()}, otel: sp}
}

// peerAttributes describe the transport and the server address.
func (s *Session) peerAttributes() []attribute.KeyValue {
	if s.opts.Transport == Stdio {
		return []attribute.KeyValue{attribute.String(attrTransport, "pipe")}
	}
	out := []attribute.KeyValue{attribute.String(attrTransport, "tcp")}
	u, err := url.Parse(s.opts.URL)
	if err != nil {
		return out
	}
	host, port, err := net.SplitHostPort(u.Host)
	if err != nil {
		host, port = u.Host, map[string]string{"https": "443"}[u.Scheme]
		if port == "" {
			port = "80"
		}
	}
	out = append(out, attribute.String(attrServerAddress, host))
	if p, err := strconv.Atoi(port); err == nil {
		out = append(out, attribute.Int(attrServerPort, p))
	}
	return out
}

// end records the request's outcome on the span and ends it.
func (sp span) end(s *Session, ex *exchange, isError bool, cerr *Error) {
	if sp.otel == nil {
		return
	}
	id, rpcErr, _ := ex.outcome()
	s.mu.Lock()
	sid, version := s.id, s.version
	s.mu.Unlock()
	attrs := []attribute.KeyValue{attribute.String(attrProtocolVersion, version)}
	if sid != "" {
		attrs = append(attrs, attribute.String(attrSessionID, sid))
	}
	if id != "" {
		attrs = append(attrs, attribute.String(attrRequestID, id))
	}
	switch {
	case cerr != nil && rpcErr != nil:
		code := strconv.Itoa(rpcErr.Code)
		attrs = append(attrs, attribute.String(attrErrorType, code), attribute.String(attrRPCStatus, code))
		sp.otel.SetStatus(codes.Error, rpcErr.Message)
	case cerr != nil:
		attrs = append(attrs, attribute.String(attrErrorType, cerr.Type()))
		sp.otel.SetStatus(codes.Error, cerr.Error())
	case isError:
		attrs = append(attrs, attribute.String(attrErrorType, "tool_error"))
		sp.otel.SetStatus(codes.Error, "tool_error")
	}
	sp.otel.SetAttributes(attrs...)
	sp.otel.End()
}
