package install

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is.
var (
	// ErrUnknown: the name is not a component of the stack.
	ErrUnknown = errors.New("unknown component")
	// ErrNoGo: no Go toolchain to build with.
	ErrNoGo = errors.New("no Go toolchain")
	// ErrOverride: an explicit binary (flag or MCPCHAOS_BIN_<NAME>) is unusable.
	ErrOverride = errors.New("bad binary override")
	// ErrNoWrapper: the wrapper module to build from is missing or unreadable.
	ErrNoWrapper = errors.New("wrapper module not found")
)

// BuildError is a failed build of one recipe: which component, which
// version, the go command's last lines and where the full log is.
type BuildError struct {
	Component string
	Module    string
	Version   string
	Log       string // full output of the build
	Err       error
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("build %s (%s@%s) failed: %v\nfull log: %s\nwhat to do: check the Go toolchain (go version) and that the Go module proxy is reachable, "+
		"then rerun `mcpchaos stack install %s`; or point %s%s at a prebuilt binary",
		e.Component, e.Module, e.Version, e.Err, e.Log, e.Component, envBinPref, envName(e.Component))
}

func (e *BuildError) Unwrap() error { return e.Err }
