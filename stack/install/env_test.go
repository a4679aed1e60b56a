package install

import (
	"slices"
	"testing"
)

// TestEnvNames lists what LookupEnv is asked for, so that the CLI knows
// these variables are meant for the installer.
func TestEnvNames(t *testing.T) {
	t.Parallel()
	names := EnvNames()
	for _, want := range []string{"MCPCHAOS_CACHE", "MCPCHAOS_WRAPPERS", "MCPCHAOS_BIN_PROMETHEUS", "MCPCHAOS_BIN_VICTORIA_LOGS"} {
		if !slices.Contains(names, want) {
			t.Errorf("EnvNames() = %v lacks %s", names, want)
		}
	}
	if len(names) != 2+len(Names()) {
		t.Errorf("EnvNames() = %v, want the two directories and one per component", names)
	}
}
