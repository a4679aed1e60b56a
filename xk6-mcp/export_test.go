package mcp

import (
	"github.com/grafana/sobek"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/session"
)

// NewResultForTest exposes the lazy result object to the fuzz test.
func NewResultForTest(rt *sobek.Runtime, res session.Result) *sobek.Object { return newResult(rt, res) }

// OpenLinks counts the sessions a module instance still holds.
func OpenLinks(inst any) int { return len(inst.(*instance).links) }
