package main

import (
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6execution"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6http"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
)

// jsModules lists every module a script can import, by import path. New
// modules (k6/x/mcp, k6/x/faults, k6/x/assertions) add their line here.
func jsModules() map[string]modules.Module {
	return map[string]modules.Module{
		"k6":           k6.New(),
		"k6/execution": k6execution.New(),
		"k6/http":      k6http.New(),
		"k6/metrics":   k6metrics.New(),
		"k6/x/mcp":     mcp.New(),
	}
}
