package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

const (
	// searchPath is the downstream's search endpoint (?q=...&limit=N).
	searchPath = "/search"
	// downstreamTimeout bounds one downstream call.
	downstreamTimeout = 2 * time.Second
	// maxBody bounds the downstream answer read into a result.
	maxBody = 1 << 20
)

// tools are the server's tools and what each call reports through.
type tools struct {
	log        *slog.Logger
	tel        *telemetry
	met        *metrics
	downstream string
	client     *http.Client
}

// work is one tool's own job: the result text, or an error that makes the
// call an isError result.
type work func(ctx context.Context, req mcp.CallToolRequest) (string, error)

// newMCPServer is the MCP server with the search and echo tools and the
// session hooks that keep mcp_active_sessions.
func newMCPServer(t *tools) *server.MCPServer {
	met := t.met
	hooks := &server.Hooks{}
	hooks.AddOnRegisterSession(func(_ context.Context, s server.ClientSession) { met.sessionOpened(s.SessionID()) })
	hooks.AddOnUnregisterSession(func(_ context.Context, s server.ClientSession) { met.sessionClosed(s.SessionID()) })
	s := server.NewMCPServer("altserver", "0.1.0", server.WithToolCapabilities(false), server.WithHooks(hooks), server.WithRecovery())
	s.AddTool(mcp.NewTool("search",
		mcp.WithDescription("Search the downstream service."),
		mcp.WithString("query", mcp.Required(), mcp.Description("what to search for")),
		mcp.WithNumber("limit", mcp.Description("how many results (default 3)")),
	), t.handler("search", t.search))
	s.AddTool(mcp.NewTool("echo",
		mcp.WithDescription("Answer the message."),
		mcp.WithString("message", mcp.Required(), mcp.Description("the text to answer")),
	), t.handler("echo", echo))
	met.known("search")
	met.known("echo")
	return s
}

// handler wraps a tool's work with what every call gets: a SERVER span
// under the caller's trace context, the metrics and one log line.
func (t *tools) handler(name string, do work) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := time.Now()
		ctx = t.tel.extractMeta(ctx, req.Params.Meta)
		sessionID := ""
		if s := server.ClientSessionFromContext(ctx); s != nil {
			sessionID = s.SessionID()
		}
		ctx, span := t.tel.tracer.Start(ctx, "tools/call "+name, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(
			attribute.String("mcp.method.name", "tools/call"),
			attribute.String("gen_ai.tool.name", name),
			attribute.String("gen_ai.operation.name", "execute_tool"),
			attribute.String("mcp.session.id", sessionID),
		))
		defer span.End()

		text, err := do(ctx, req)
		took := time.Since(start)
		status := "ok"
		if err != nil {
			status = "error"
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
			span.SetAttributes(attribute.String("error.type", errorType(err)))
		}
		t.met.observe(name, status, took)
		t.logCall(ctx, name, sessionID, req, took, err)
		if err != nil {
			return mcp.NewToolResultError(fmt.Sprintf("%s failed: %v", name, err)), nil
		}
		return mcp.NewToolResultText(text), nil
	}
}

// logCall writes the call's one line: info when it succeeded, error with
// error.type, error.message and error.stack when it failed. Arguments are
// logged with their secrets redacted.
func (t *tools) logCall(ctx context.Context, name, sessionID string, req mcp.CallToolRequest, took time.Duration, err error) {
	sc := trace.SpanContextFromContext(ctx)
	attrs := []slog.Attr{
		slog.String("tool_name", name),
		slog.String("session_id", sessionID),
		slog.String("trace_id", sc.TraceID().String()),
		slog.String("span_id", sc.SpanID().String()),
		slog.Float64("duration_ms", float64(took.Microseconds())/1000),
		slog.Any("arguments", redact(req.Params.Arguments)),
	}
	if err == nil {
		t.log.LogAttrs(ctx, slog.LevelInfo, "tool call", attrs...)
		return
	}
	stack := ""
	var te *toolError
	if errors.As(err, &te) {
		stack = te.stack
	}
	attrs = append(attrs, slog.Group("error",
		slog.String("type", errorType(err)),
		slog.String("message", err.Error()),
		slog.String("stack", stack),
	))
	t.log.LogAttrs(ctx, slog.LevelError, "tool call failed", attrs...)
}

// search asks the downstream: GET {DOWNSTREAM_URL}/search?q=...&limit=N
// within downstreamTimeout; anything but a 2xx answer is an error.
func (t *tools) search(ctx context.Context, req mcp.CallToolRequest) (string, error) {
	query := req.GetString("query", "")
	if query == "" {
		return "", failure("invalid_arguments", errors.New("search needs a query"))
	}
	limit := req.GetInt("limit", 3)
	ctx, cancel := context.WithTimeout(ctx, downstreamTimeout)
	defer cancel()
	u := t.downstream + searchPath + "?" + url.Values{"q": {query}, "limit": {strconv.Itoa(limit)}}.Encode()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", failure("invalid_url", err)
	}
	resp, err := t.client.Do(hreq)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return "", failure("timeout", fmt.Errorf("downstream did not answer within %s: %w", downstreamTimeout, err))
		}
		return "", failure("downstream_unreachable", fmt.Errorf("downstream: %w", err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if resp.StatusCode/100 != 2 {
		return "", failure(strconv.Itoa(resp.StatusCode), fmt.Errorf("downstream answered %s", resp.Status))
	}
	if err != nil {
		return "", failure("downstream_read", fmt.Errorf("downstream answer: %w", err))
	}
	return string(body), nil
}

// echo answers its message.
func echo(_ context.Context, req mcp.CallToolRequest) (string, error) {
	msg := req.GetString("message", "")
	if msg == "" {
		return "", failure("invalid_arguments", errors.New("echo needs a message"))
	}
	return msg, nil
}

// toolError is a failed call's cause with its error.type and the stack
// where it was detected.
type toolError struct {
	kind  string
	err   error
	stack string
}

func (e *toolError) Error() string { return e.err.Error() }
func (e *toolError) Unwrap() error { return e.err }

// failure records err as a tool failure of the given error.type, with the
// caller's stack.
func failure(kind string, err error) error {
	return &toolError{kind: kind, err: err, stack: string(debug.Stack())}
}

// errorType is err's error.type: the kind it failed with, else its Go
// type.
func errorType(err error) string {
	var te *toolError
	if errors.As(err, &te) {
		return te.kind
	}
	return fmt.Sprintf("%T", err)
}
