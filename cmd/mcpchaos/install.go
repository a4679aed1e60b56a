package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/stack/install"
)

// newInstallCommand is `stack install [names...]`: build (or find) the
// embedded stack's backend binaries at their pinned versions. It is wired
// under `stack` by the stack command.
func newInstallCommand() *cobra.Command {
	var (
		opts install.Options
		list bool
	)
	cmd := &cobra.Command{
		Use:   "install [names...]",
		Short: "Build the embedded stack's backends at pinned versions into the cache",
		Long: `Build the embedded stack's backend binaries from the Go module proxy with the
machine's Go toolchain, at pinned versions, into the cache (default: .cache/
of the source checkout, else $XDG_CACHE_HOME/mcpchaos; $MCPCHAOS_CACHE
overrides). Without names, installs all, one build at a time; cold builds
take 15-20 minutes in total, warm runs are instant.

MCPCHAOS_BIN_<NAME> (e.g. MCPCHAOS_BIN_PROMETHEUS, MCPCHAOS_BIN_VICTORIA_LOGS)
or --bin name=path use a given binary instead. A binary on PATH is used only
when its version matches the pin, or with --allow-path.`,
		RunE: func(cmd *cobra.Command, names []string) error {
			out := cmd.OutOrStdout()
			if list {
				return printComponents(cmd)
			}
			opts.Progress = cmd.ErrOrStderr()
			opts.LookupEnv = os.LookupEnv
			if len(names) == 0 {
				names = install.Names()
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			defer tw.Flush()
			for _, name := range names {
				p, err := install.Ensure(cmd.Context(), opts, name)
				if err != nil {
					return err
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, p)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.CacheDir, "cache-dir", "", "cache directory (default $MCPCHAOS_CACHE, else .cache/ of the checkout, else the user cache dir)")
	f.BoolVar(&opts.AllowPath, "allow-path", false, "use a binary found on PATH even when its version differs from the pin")
	f.StringToStringVar(&opts.Bins, "bin", nil, "use this binary for a component instead of building it (name=path, repeatable)")
	f.BoolVar(&list, "list", false, "list components, modules and pinned versions, and exit")
	return cmd
}

// printComponents lists what `stack install` can build.
func printComponents(cmd *cobra.Command) error {
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tMODULE\tVERSION")
	for _, c := range install.Components() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name, c.Module, c.Version)
	}
	return tw.Flush()
}
