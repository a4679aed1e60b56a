package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/mcpchaos/mcpchaos/config"
	"github.com/mcpchaos/mcpchaos/stack/install"
	"github.com/mcpchaos/mcpchaos/stack/supervisor"
)

// Only this command reads the process environment; the libraries get what
// it finds as options (a directory, or os.LookupEnv for install's
// variables, stack.Options.LookupEnv and install.Options.LookupEnv).
const (
	envConfig   = config.EnvPrefix + "CONFIG"    // run's default --config
	envStackDir = config.EnvPrefix + "STACK_DIR" // the default --dir of stack and demo
)

// toolEnv are the MCPCHAOS_ variables that some part of mcpchaos reads,
// config overrides aside: the CLI's own, the installer's, and the markers
// the supervisor puts in its processes' environment.
func toolEnv() []string {
	return append([]string{envConfig, envStackDir, supervisor.MarkerEnv, supervisor.CgroupEnv}, install.EnvNames()...)
}

// stackDir is the --dir given, else $MCPCHAOS_STACK_DIR ("" leaves the
// choice to stack.DefaultDir).
func stackDir(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(envStackDir)
}

// warnUnknownEnv is config.Load's handler for MCPCHAOS_ variables that
// are no config key: those mcpchaos reads elsewhere pass silently; for the
// others (perhaps the user's own) it prints a warning, never fails.
func warnUnknownEnv(w io.Writer) config.LoadOption {
	known := toolEnv()
	return config.WithUnknownEnv(func(name string) {
		if !slices.Contains(known, name) {
			fmt.Fprintf(w, "mcpchaos: warning: environment %s is not a config setting (%s<PATH>) and mcpchaos does not read it; ignored\n", name, config.EnvPrefix)
		}
	})
}

// loadConfig reads --config (default $MCPCHAOS_CONFIG) with the process
// environment's overrides, warning on w about variables it does not know.
func loadConfig(path string, w io.Writer) (*config.Config, error) {
	if path == "" {
		path = os.Getenv(envConfig)
	}
	return config.Load(path, os.Environ(), warnUnknownEnv(w))
}
