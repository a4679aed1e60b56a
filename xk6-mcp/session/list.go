package session

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
)

// maxPages bounds a listAll* operation against a server whose cursors
// never end.
const maxPages = 10000

// listKey is the result field holding a list operation's items.
func listKey(op Op) string {
	switch op {
	case OpListTools, OpListAllTools:
		return "tools"
	case OpListResources, OpListAllResources:
		return "resources"
	default:
		return "prompts"
	}
}

// listAll follows nextCursor to the end. Each page is its own request
// with its own span ID in the same trace.
func (s *Session) listAll(parent, ctx context.Context, cl *client.Client, r Request, timeout time.Duration) (Result, *Error) {
	key := listKey(r.Op)
	var items []json.RawMessage
	var acc any
	seen := map[string]bool{r.Cursor: true}
	cursor := r.Cursor
	var first *span
	for page := 1; ; page++ {
		sp := s.startSpan(ctx, r, first)
		if first == nil {
			first = &sp
		}
		res, ex, err := s.once(sp.ctx, cl, r, sp.tc, cursor)
		if err != nil {
			cerr := classify(parent, err, ex, timeout)
			sp.end(s, ex, false, cerr)
			return res, cerr
		}
		sp.end(s, ex, false, nil)
		pageItems, err := rawItems(res.Raw, key)
		if err != nil {
			return res, &Error{Kind: KindMalformed, Err: err}
		}
		items = append(items, pageItems...)
		acc = appendPage(acc, res.Value)
		next := nextCursor(res.Value)
		if next == "" {
			raw, err := json.Marshal(map[string][]json.RawMessage{key: items})
			if err != nil {
				return res, &Error{Kind: KindMalformed, Err: err}
			}
			res.Raw, res.Value, res.Pages = raw, acc, page
			return res, nil
		}
		switch {
		case seen[next]:
			return res, &Error{Kind: KindMalformed, Err: fmt.Errorf("%w: the server repeated cursor %q", errMalformed, next)}
		case page >= maxPages:
			return res, &Error{Kind: KindMalformed, Err: fmt.Errorf("%w: more than %d pages", errMalformed, maxPages)}
		}
		seen[next] = true
		cursor = next
	}
}

// rawItems returns the items of one page as the server sent them.
func rawItems(raw json.RawMessage, key string) ([]json.RawMessage, error) {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	list, ok := body[key]
	if !ok || string(list) == "null" {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(list, &items); err != nil {
		return nil, fmt.Errorf("%w: %q is not a list: %v", errMalformed, key, err)
	}
	return items, nil
}

// appendPage adds a page's typed items to the accumulated result.
func appendPage(acc, page any) any {
	if acc == nil {
		return page
	}
	switch a := acc.(type) {
	case *mcp.ListToolsResult:
		if p, ok := page.(*mcp.ListToolsResult); ok {
			a.Tools = append(a.Tools, p.Tools...)
			a.NextCursor = p.NextCursor
		}
	case *mcp.ListResourcesResult:
		if p, ok := page.(*mcp.ListResourcesResult); ok {
			a.Resources = append(a.Resources, p.Resources...)
			a.NextCursor = p.NextCursor
		}
	case *mcp.ListPromptsResult:
		if p, ok := page.(*mcp.ListPromptsResult); ok {
			a.Prompts = append(a.Prompts, p.Prompts...)
			a.NextCursor = p.NextCursor
		}
	}
	return acc
}

func nextCursor(v any) string {
	switch p := v.(type) {
	case *mcp.ListToolsResult:
		return string(p.NextCursor)
	case *mcp.ListResourcesResult:
		return string(p.NextCursor)
	case *mcp.ListPromptsResult:
		return string(p.NextCursor)
	default:
		return ""
	}
}
