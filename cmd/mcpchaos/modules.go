package main

import (
	"context"
	"os"

	assertionsjs "github.com/mcpchaos/mcpchaos/assertions/js"
	"github.com/mcpchaos/mcpchaos/engine/modules"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6crypto"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6data"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6encoding"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6execution"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6http"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6metrics"
	"github.com/mcpchaos/mcpchaos/engine/modules/k6timers"
	"github.com/mcpchaos/mcpchaos/faults"
	faultsjs "github.com/mcpchaos/mcpchaos/faults/js"
	"github.com/mcpchaos/mcpchaos/faults/watchdog"
	"github.com/mcpchaos/mcpchaos/internal/calllog"
	mcp "github.com/mcpchaos/mcpchaos/xk6-mcp"
)

// moduleOptions are what run's flags tell the modules.
type moduleOptions struct {
	faultsEvents      string // --faults-events
	watchdogDir       string // --faults-watchdog-dir, resolved
	assertionsResults string // --assertions-results
}

// jsModules lists every module a script can import, by import path, made
// afresh for each run. New modules add their line here.
func jsModules(o moduleOptions) map[string]modules.Module {
	calls := calllog.NewOnDemand(0) // k6/x/mcp's calls, kept once k6/x/assertions is imported
	return map[string]modules.Module{
		"k6":           k6.New(),
		"k6/execution": k6execution.New(),
		"k6/http":      k6http.New(),
		"k6/metrics":   k6metrics.New(),
		"k6/crypto":    k6crypto.New(),
		"k6/data":      k6data.New(),
		"k6/encoding":  k6encoding.New(),
		"k6/timers":    k6timers.New(),
		"k6/x/mcp":     mcp.New(mcp.WithCallLog(calls)),
		"k6/x/assertions": assertionsjs.New(
			assertionsjs.WithResultsFile(o.assertionsResults),
			assertionsjs.WithCallLog(calls),
		),
		"k6/x/faults": faultsjs.New(
			faultsjs.WithEventsFile(o.faultsEvents),
			faultsjs.WithKeeper(watchdogKeeper(o.watchdogDir)),
		),
	}
}

// watchdogKeeper finds the fault watchdog of dir or starts this binary as
// one, for configs that name no supervisor.
func watchdogKeeper(dir string) faultsjs.KeeperFunc {
	return func(ctx context.Context) (faults.Keeper, error) {
		self, err := os.Executable()
		if err != nil {
			return nil, err
		}
		return watchdog.Ensure(ctx, watchdog.Start{Self: self, Dir: dir})
	}
}
