package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/mcpchaos/mcpchaos/fixtures"
	"github.com/mcpchaos/mcpchaos/stack"
	"github.com/mcpchaos/mcpchaos/stack/control"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// newStackCommand is `mcpchaos stack`: the embedded observability stack.
func newStackCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stack",
		Short: "Run the embedded observability stack (Prometheus, Alertmanager, VictoriaLogs, Jaeger, collector, toxiproxy)",
		Long: `The embedded stack runs real backends as supervised processes on loopback:
Prometheus, Alertmanager, VictoriaLogs, Jaeger, an OpenTelemetry Collector as
the log shipper, toxiproxy, the reference MCP server (or yours, --server-cmd)
with its downstream, and the synthetic probe. No Docker needed.

The stack directory (--dir, $MCPCHAOS_STACK_DIR, default .stack in the source
checkout) holds configs, logs, data and the mcpchaos.yaml for mcpchaos run.`,
	}
	cmd.AddCommand(newStackUpCommand(), newStackStatusCommand(), newStackLogsCommand(),
		newStackDownCommand(), newStackSuperviseCommand(), newInstallCommand())
	return cmd
}

// addDirFlag adds --dir, which defaults to $MCPCHAOS_STACK_DIR when the
// command runs.
func addDirFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "dir", "", "stack directory (default $"+envStackDir+", else .stack in the source checkout)")
	cmd.PreRun = func(*cobra.Command, []string) { *dir = stackDir(*dir) }
}

func newStackUpCommand() *cobra.Command {
	var (
		o                  stack.Options
		serverCmd, downCmd string
		timeout            time.Duration
	)
	cmd := &cobra.Command{
		Use:   "up",
		Short: "Install what is missing, write configs, start everything and wait until ready",
		Long: `Install missing backends (one build at a time; the first run takes minutes),
write every config into the stack directory, start the supervisor and all
components on free 127.0.0.1 ports, wait for each readiness endpoint, print the
URLs and write mcpchaos.yaml for mcpchaos run. The stack keeps running after
this command returns; stop it with mcpchaos stack down.

--server-cmd runs your own MCP server instead of the reference server, with the
server contract in its environment (stack/CONTRACT.md): MCP_LISTEN_ADDR,
METRICS_LISTEN_ADDR, LOG_FILE, TLS_CERT_FILE/TLS_KEY_FILE, DOWNSTREAM_URL and
the standard OTEL_* variables.`,
		Example: `  mcpchaos stack up
  mcpchaos stack up --profile prod --dir /tmp/stack
  mcpchaos stack up --server-cmd 'node dist/index.js streamableHttp' --plain-http`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if serverCmd != "" {
				o.ServerCmd = shellCommand(serverCmd)
			}
			if downCmd != "" {
				o.DownstreamCmd = shellCommand(downCmd)
			}
			o.ReadyTimeout = timeout
			o.Progress = cmd.ErrOrStderr()
			o.Detach = true
			o.Rules = fixtures.PrometheusRules
			o.LogRules = fixtures.LogAlertRules
			o.LookupEnv = os.LookupEnv
			s, err := stack.Up(cmd.Context(), o)
			if err != nil {
				return err
			}
			s.WriteSummary(cmd.OutOrStdout())
			return nil
		},
	}
	addDirFlag(cmd, &o.Dir)
	f := cmd.Flags()
	f.StringVar(&o.Profile, "profile", stack.ProfileFast, "fast (1s scrapes and alert windows, every trace sampled) or prod")
	f.StringVar(&serverCmd, "server-cmd", "", "run this MCP server instead of the reference server (a shell command line)")
	f.StringVar(&downCmd, "downstream-cmd", "", "run this downstream instead of the reference downstream")
	f.StringToIntVar(&o.Ports, "port", nil, "fix a port, name=port (repeatable); names: "+strings.Join(stack.PortNames(), ", "))
	f.BoolVar(&o.PlainHTTP, "plain-http", false, "serve MCP over plain HTTP (default: TLS from the stack's test CA)")
	f.BoolVar(&o.RelayTraces, "relay-traces", false, "send the server's traces through the collector instead of straight to Jaeger")
	f.StringVar(&o.Cgroups, "cgroups", "auto", "memory cgroups for OOM faults: auto, required or off")
	f.StringVar(&o.CacheDir, "cache-dir", "", "install cache (default $MCPCHAOS_CACHE, else .cache/ of the checkout)")
	f.StringToStringVar(&o.Bins, "bin", nil, "use this binary for a backend instead of building it (name=path, repeatable)")
	f.DurationVar(&timeout, "timeout", 90*time.Second, "how long to wait for every component to be ready")
	f.StringSliceVar(&o.Mutations, "mutation", nil, "test only: break one property of the stack's pipeline (repeatable; names: "+strings.Join(stack.KnownMutations(), ", ")+")")
	return cmd
}

// shellCommand runs a command line through sh, exec'ing it so the server
// itself is the supervised process.
func shellCommand(line string) []string {
	return []string{"/bin/sh", "-c", "exec " + line}
}

func newStackStatusCommand() *cobra.Command {
	var (
		dir    string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show each component's state, pid, ports, health and restarts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := stack.Open(dir)
			if err != nil {
				return err
			}
			st, err := s.Status(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			printStatus(cmd.OutOrStdout(), s, st)
			return nil
		},
	}
	addDirFlag(cmd, &dir)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the supervisor's status as JSON")
	return cmd
}

func printStatus(w io.Writer, s *stack.Stack, st control.Status) {
	fmt.Fprintf(w, "stack %s (%s profile), supervisor pid %d, up %s\ncgroups: %s\n\n",
		s.Dir(), s.State.Profile, st.PID, time.Since(st.StartedAt).Round(time.Second), st.Cgroups)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tSTATE\tHEALTH\tPID\tPORTS\tRESTARTS\tOOM KILLS\tLAST EXIT")
	for _, c := range st.Components {
		health := "unhealthy"
		if c.Ready {
			health = "ready"
		}
		pid := "-"
		if c.PID > 0 {
			pid = fmt.Sprint(c.PID)
		}
		last := "-"
		if e := c.LastExit; e != nil {
			last = fmt.Sprintf("%s (code %d) %s ago", e.Reason, e.Code, time.Since(e.At).Round(time.Second))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", c.Name, c.State, health, pid, ports(c.Ports), c.Restarts, c.OOMKills, last)
	}
	_ = tw.Flush()
}

func ports(m map[string]int) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s=%d", n, m[n])
	}
	return strings.Join(parts, ",")
}

func newStackLogsCommand() *cobra.Command {
	var (
		dir    string
		follow bool
		lines  int
	)
	cmd := &cobra.Command{
		Use:   "logs NAME",
		Short: "Print a component's output (NAME as in stack status, or supervisor)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			d := dir
			if d == "" {
				var err error
				if d, err = stack.DefaultDir(); err != nil {
					return err
				}
			}
			s, err := stack.Open(d)
			if errors.Is(err, stack.ErrNotUp) {
				// Logs outlive the stack: read them from the directory.
				s, err = &stack.Stack{State: stack.State{Dir: d}}, nil
			}
			if err != nil {
				return err
			}
			path, err := s.LogFile(args[0])
			if err != nil {
				return err
			}
			return printLog(cmd.Context(), cmd.OutOrStdout(), path, lines, follow)
		},
	}
	addDirFlag(cmd, &dir)
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new lines until interrupted")
	cmd.Flags().IntVarP(&lines, "lines", "n", 200, "print only the last N lines (0: all)")
	return cmd
}

// printLog prints the last n lines of path, then follows it if asked.
func printLog(ctx context.Context, w io.Writer, path string, n int, follow bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	if n > 0 {
		ls := strings.SplitAfter(string(b), "\n")
		if ls[len(ls)-1] == "" {
			ls = ls[:len(ls)-1]
		}
		if len(ls) > n {
			ls = ls[len(ls)-n:]
		}
		b = []byte(strings.Join(ls, ""))
	}
	if _, err := w.Write(b); err != nil || !follow {
		return err
	}
	buf := make([]byte, 32<<10)
	for ctx.Err() == nil {
		k, err := f.Read(buf)
		if k > 0 {
			if _, err := w.Write(buf[:k]); err != nil {
				return err
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

func newStackDownCommand() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "down",
		Short: "Stop every component and the supervisor; leave no process behind",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := stack.Open(dir)
			if errors.Is(err, stack.ErrNotUp) {
				fmt.Fprintln(cmd.ErrOrStderr(), "no stack is up; nothing to do")
				return nil
			}
			if err != nil {
				return err
			}
			// Down must finish even when interrupted: it is the cleanup.
			if err := s.Down(context.WithoutCancel(cmd.Context())); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "stack in %s is down\n", s.Dir())
			return nil
		},
	}
	addDirFlag(cmd, &dir)
	return cmd
}

// newStackSuperviseCommand is the supervisor process that `stack up`
// starts; people do not run it.
func newStackSuperviseCommand() *cobra.Command {
	var (
		dir      string
		watchdog bool
	)
	cmd := &cobra.Command{
		Use:    "supervise --dir DIR",
		Short:  "Run the stack supervisor (started by stack up)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if watchdog {
				return supervisor.WatchdogMain(os.Stdin)
			}
			if dir == "" {
				return errors.New("supervise needs --dir: the stack directory with manifest.json")
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			return supervisor.Main(cmd.Context(), dir, log)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "stack directory holding manifest.json")
	cmd.Flags().BoolVar(&watchdog, "watchdog", false, "run as the supervisor's watchdog")
	return cmd
}
