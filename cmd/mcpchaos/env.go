package main

import (
	"os"

	"github.com/mcpchaos/mcpchaos/config"
)

// Only this command reads the process environment; the libraries get what
// it finds as options (a directory, or os.LookupEnv for install's
// variables, stack.Options.LookupEnv and install.Options.LookupEnv).
const (
	envConfig   = config.EnvPrefix + "CONFIG"    // run's default --config
	envStackDir = config.EnvPrefix + "STACK_DIR" // the default --dir of stack and demo
)

// stackDir is the --dir given, else $MCPCHAOS_STACK_DIR ("" leaves the
// choice to stack.DefaultDir).
func stackDir(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(envStackDir)
}
