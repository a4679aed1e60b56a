package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/fixtures/downstream"
	"github.com/mcpchaos/mcpchaos/fixtures/server"
)

// newFixtureCommand runs the reference MCP server or its downstream from
// the mcpchaos binary itself, so the embedded stack needs no separate build.
// Flags and environment variables are those of fixtures/cmd/mcp-server and
// fixtures/cmd/downstream.
func newFixtureCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:    "fixture",
		Short:  "Run a reference fixture: mcp-server or downstream",
		Hidden: true,
	}

	var serverCfg server.Config
	serverCmd := &cobra.Command{
		Use:   "mcp-server",
		Short: "Reference MCP server with the seed's five observability layers",
		Args:  cobra.NoArgs,
	}
	serverEnvErr := server.Bind(serverCmd.Flags(), os.Getenv, &serverCfg)
	serverCmd.RunE = func(c *cobra.Command, _ []string) error {
		if err := serverEnvErr(); err != nil {
			return err
		}
		return server.Run(c.Context(), serverCfg)
	}

	var downstreamCfg downstream.Config
	downstreamCmd := &cobra.Command{
		Use:   "downstream",
		Short: "Downstream HTTP service the reference server's search tool calls",
		Args:  cobra.NoArgs,
	}
	downstreamEnvErr := downstream.Bind(downstreamCmd.Flags(), os.Getenv, &downstreamCfg)
	downstreamCmd.RunE = func(c *cobra.Command, _ []string) error {
		if err := downstreamEnvErr(); err != nil {
			return err
		}
		return downstream.Run(c.Context(), downstreamCfg)
	}

	cmd.AddCommand(serverCmd, downstreamCmd)
	return cmd
}
