package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
)

// safetyFlags keep a load test of a staging server in bounds.
type safetyFlags struct {
	maxRPS      float64
	allowRemote bool
}

func addSafetyFlags(cmd *cobra.Command, f *safetyFlags) {
	fl := cmd.Flags()
	fl.Float64Var(&f.maxRPS, "max-rps", 0, "send at most this many requests per second across all VUs (k6/http requests and k6/x/mcp calls; k6's rps); 0 does not limit")
	fl.BoolVar(&f.allowRemote, "allow-remote", false, "let k6/x/mcp connect to MCP servers that are not on this machine (default: only loopback; mcp.allow_remote in mcpchaos.yaml does the same)")
}

func (f safetyFlags) apply(opts *engine.Options) error {
	if f.maxRPS < 0 {
		return fmt.Errorf("--max-rps %g must not be negative (0 does not limit)", f.maxRPS)
	}
	opts.MaxRPS = f.maxRPS
	if f.allowRemote {
		if opts.Config == nil {
			opts.Config = config.Default()
		}
		opts.Config.MCP.AllowRemote = true
	}
	return nil
}
