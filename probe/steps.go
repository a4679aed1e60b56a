package probe

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
)

// maxToolPages bounds tools/list pagination.
const maxToolPages = 50

// run performs the module's steps in order and fills res.
func run(ctx context.Context, c *conn, res *Result) error {
	var s session
	switch c.mod.Transport {
	case TransportSSE:
		s = &sseSession{conn: c}
	default:
		s = &streamableSession{conn: c}
	}
	defer s.close(ctx)
	if err := c.tr.runStep(PhaseInitialize, func() error { return initialize(ctx, c, s, res) }); err != nil {
		return err
	}
	if err := c.tr.runStep(PhaseListTools, func() error { return listTools(ctx, c, s, res) }); err != nil {
		return err
	}
	if c.mod.Steps.CallTool == nil {
		return nil
	}
	return c.tr.runStep(PhaseCallTool, func() error { return callTool(ctx, c, s) })
}

// initialize negotiates the protocol version: initialize + initialized, or
// server/discover in the stateless core.
func initialize(ctx context.Context, c *conn, s session, res *Result) error {
	requested := c.mod.ProtocolVersion
	var version string
	if isModern(requested) {
		raw, err := s.call(ctx, "server/discover", nil)
		if err != nil {
			return err
		}
		var r struct {
			SupportedVersions []string `json:"supportedVersions"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return unexpectedf("server/discover result: %v", err)
		}
		if !slices.Contains(r.SupportedVersions, requested) {
			return unexpectedf("server supports %v, not %s", r.SupportedVersions, requested)
		}
		version = requested
	} else {
		raw, err := s.call(ctx, "initialize", map[string]any{
			"protocolVersion": requested,
			"capabilities":    map[string]any{},
			"clientInfo":      c.clientInfo(),
		})
		if err != nil {
			return err
		}
		var r struct {
			ProtocolVersion string `json:"protocolVersion"`
			ServerInfo      struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"serverInfo"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return unexpectedf("initialize result: %v", err)
		}
		if !protocolVersionPattern.MatchString(r.ProtocolVersion) {
			return unexpectedf("initialize result has protocolVersion %q", snippet([]byte(r.ProtocolVersion)))
		}
		version = r.ProtocolVersion
		c.tr.logf("server %s %s, protocol %s", snippet([]byte(r.ServerInfo.Name)), snippet([]byte(r.ServerInfo.Version)), version)
	}
	if len(c.mod.ValidProtocolVersions) > 0 && !slices.Contains(c.mod.ValidProtocolVersions, version) {
		return unexpectedf("negotiated protocol version %s is not in valid_protocol_versions %v", version, c.mod.ValidProtocolVersions)
	}
	res.ProtocolVersion = version
	if isModern(requested) {
		c.negotiated = version
		return nil
	}
	// The header goes on the requests after initialize.
	if err := s.notify(ctx, "notifications/initialized", nil); err != nil {
		return err
	}
	c.negotiated = version
	return nil
}

// listTools lists every page of tools and checks expect_tools.
func listTools(ctx context.Context, c *conn, s session, res *Result) error {
	var names []string
	cursor := ""
	for page := 0; ; page++ {
		if page == maxToolPages {
			return unexpectedf("tools/list still has a nextCursor after %d pages", maxToolPages)
		}
		var params map[string]any
		if cursor != "" {
			params = map[string]any{"cursor": cursor}
		}
		raw, err := s.call(ctx, "tools/list", params)
		if err != nil {
			return err
		}
		var r struct {
			Tools *[]struct {
				Name string `json:"name"`
			} `json:"tools"`
			NextCursor string `json:"nextCursor"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return unexpectedf("tools/list result: %v", err)
		}
		if r.Tools == nil {
			return unexpectedf("tools/list result has no tools array")
		}
		for _, t := range *r.Tools {
			names = append(names, t.Name)
		}
		if cursor = r.NextCursor; cursor == "" {
			break
		}
	}
	res.ToolsListed, res.ToolsCount = true, len(names)
	c.tr.logf("%d tools listed", len(names))
	for _, want := range c.mod.Steps.ExpectTools {
		if !slices.Contains(names, want) {
			return unexpectedf("tool %q is not listed", want)
		}
	}
	return nil
}

// callTool runs the canary tools/call and checks its result.
func callTool(ctx context.Context, c *conn, s session) error {
	spec := c.mod.Steps.CallTool
	args := spec.Arguments
	if args == nil {
		args = map[string]any{}
	}
	raw, err := s.call(ctx, "tools/call", map[string]any{"name": spec.Name, "arguments": args})
	if err != nil {
		return err
	}
	var r struct {
		Content []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"content"`
		IsError bool `json:"isError"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return unexpectedf("tools/call result: %v", err)
	}
	var texts []string
	for _, item := range r.Content {
		if item.Type == "text" {
			texts = append(texts, item.Text)
		}
	}
	text := strings.Join(texts, "\n")
	if r.IsError {
		return &toolError{Text: snippet([]byte(text))}
	}
	subject := text
	if len(texts) == 0 {
		subject = string(raw)
	}
	if c.mod.expect != nil && !c.mod.expect.MatchString(subject) {
		return unexpectedf("tool result %q does not match expect_result %q", snippet([]byte(subject)), c.mod.expect)
	}
	c.tr.logf("tool %s answered %q", spec.Name, snippet([]byte(text)))
	return nil
}
