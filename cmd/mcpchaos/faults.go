package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/engine"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/faults/watchdog"
	"github.com/mcpchaos/mcpchaos/stack/control"
)

// newFaultsCommand is `mcpchaos faults`: what faults are held, and
// their cleanup.
func newFaultsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "faults",
		Short: "List and revert injected faults; run the fault lease watchdog",
		Long: `Every fault a script injects (k6/x/faults) holds a lease at a keeper that
outlives the runner and reverts it at the lease's expiry: the embedded stack's
supervisor (faults.supervisor of mcpchaos.yaml) or, for configs without one,
the fault watchdog that mcpchaos run starts on demand.`,
	}
	cmd.AddCommand(newFaultsListCommand(), newFaultsRevertCommand(), newFaultsWatchdogCommand())
	return cmd
}

// faultsFlags are the flags list and revert share.
type faultsFlags struct {
	configPath  string
	watchdogDir string
}

func (f *faultsFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.configPath, "config", "", "mcpchaos config file (default $"+config.EnvPrefix+"CONFIG)")
	addWatchdogDirFlag(cmd, "watchdog-dir", &f.watchdogDir)
}

func addWatchdogDirFlag(cmd *cobra.Command, name string, dir *string) {
	cmd.Flags().StringVar(dir, name, "", "the fault watchdog's state directory (default "+defaultWatchdogDir()+")")
}

// defaultWatchdogDir is mcpchaos/watchdog in the user's cache directory.
func defaultWatchdogDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "mcpchaos", "watchdog")
}

func orDefaultWatchdogDir(dir string) string {
	if dir == "" {
		return defaultWatchdogDir()
	}
	return dir
}

func (f faultsFlags) config() (*config.Config, error) {
	return loadConfig(f.configPath, os.Stderr)
}

// keeper is a lease owner, named for the table.
type keeper struct {
	name   string
	client *control.Client
}

// keepers are the configured supervisor and the running watchdog.
func (f faultsFlags) keepers(cmd *cobra.Command, cfg *config.Config) ([]keeper, error) {
	var ks []keeper
	if s := cfg.Faults.Supervisor; s.URL != "" {
		c, err := control.NewClientFromFile(s.URL, s.TokenFile)
		if err != nil {
			return nil, fmt.Errorf("faults.supervisor: %w", err)
		}
		ks = append(ks, keeper{"supervisor", c})
	}
	if c, _, err := watchdog.Open(cmd.Context(), orDefaultWatchdogDir(f.watchdogDir)); err == nil {
		ks = append(ks, keeper{"watchdog", c})
	}
	return ks, nil
}

func newFaultsListCommand() *cobra.Command {
	var f faultsFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the fault leases held by the supervisor and the watchdog",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := f.config()
			if err != nil {
				return err
			}
			ks, err := f.keepers(cmd, cfg)
			if err != nil {
				return err
			}
			if len(ks) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "no lease keeper: mcpchaos.yaml names no faults.supervisor and no fault watchdog runs in %s\n", orDefaultWatchdogDir(f.watchdogDir))
				return nil
			}
			var errs []error
			var rows [][]string
			for _, k := range ks {
				ls, err := k.client.Leases(cmd.Context())
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", k.name, err))
					continue
				}
				for _, l := range ls {
					if l.State == control.LeaseActive {
						rows = append(rows, leaseRow(k.name, l))
					}
				}
			}
			printLeases(cmd.OutOrStdout(), rows)
			return errors.Join(errs...)
		},
	}
	f.add(cmd)
	return cmd
}

func leaseRow(keeper string, l control.Lease) []string {
	revert := "-"
	if l.Revert != nil {
		revert = l.Revert.String()
	}
	return []string{keeper, l.ID, l.Action.String(), revert, "in " + time.Until(l.ExpiresAt).Round(time.Second).String()}
}

func printLeases(w io.Writer, rows [][]string) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "no fault lease is held")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEEPER\tID\tACTION\tREVERT\tEXPIRES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4])
	}
	_ = tw.Flush()
}

func newFaultsRevertCommand() *cobra.Command {
	var (
		f   faultsFlags
		all bool
	)
	cmd := &cobra.Command{
		Use:   "revert --all",
		Short: "Revert every fault lease of mcpchaos, reset toxiproxy and stop the watchdog",
		Long: `Revert what runs left: every active fault lease of mcpchaos at the supervisor
and the watchdog (runners killed before their leases expired), every toxic on
the configured toxiproxy; then stop the watchdog. Exit code 121 when something
could not be reverted.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !all {
				return errors.New("give --all: faults revert reverts every fault lease of mcpchaos")
			}
			cfg, err := f.config()
			if err != nil {
				return err
			}
			dir := orDefaultWatchdogDir(f.watchdogDir)
			var opts []faults.Option
			if c, _, err := watchdog.Open(cmd.Context(), dir); err == nil {
				opts = append(opts, faults.WithKeeper(c))
			}
			in, err := faults.New(cfg, opts...)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			done, err := in.Sweep(cmd.Context())
			for _, d := range done {
				fmt.Fprintln(out, d)
			}
			stopped, serr := watchdog.Stop(cmd.Context(), dir)
			if stopped {
				fmt.Fprintln(out, "stopped the fault watchdog in "+dir)
			}
			if len(done) == 0 && !stopped && err == nil && serr == nil {
				fmt.Fprintln(out, "nothing to revert")
			}
			err = errors.Join(err, serr)
			var nr *faults.NotRevertedError
			if errors.As(err, &nr) {
				return &engine.Error{Code: engine.ExitFaultNotReverted, Err: err}
			}
			return err
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&all, "all", false, "revert every fault lease of mcpchaos (required)")
	return cmd
}

func newFaultsWatchdogCommand() *cobra.Command {
	var o watchdog.Options
	cmd := &cobra.Command{
		Use:   "watchdog",
		Short: "Hold fault leases for runs without an embedded stack (mcpchaos run starts it on demand)",
		Long: `The fault watchdog is the stack's supervisor with no components: it owns the
leases of faults on toxiproxy and Docker targets when mcpchaos.yaml names no
faults.supervisor, and reverts each at its expiry, so a runner killed with
SIGKILL leaves its fault for one lease TTL at most. mcpchaos run starts it
detached, in a session of its own; it writes its URL and token into --dir and
exits once it has held no lease for --idle. SIGTERM, Ctrl-C and
mcpchaos faults revert --all stop it, reverting what it holds first.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Dir = orDefaultWatchdogDir(o.Dir)
			o.Log = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			return watchdog.Serve(cmd.Context(), o)
		},
	}
	addWatchdogDirFlag(cmd, "dir", &o.Dir)
	cmd.Flags().DurationVar(&o.Idle, "idle", watchdog.DefaultIdle, "exit after holding no lease this long")
	return cmd
}
