package install

import "strings"

// Environment variables Options.LookupEnv is asked for.
const (
	envCache    = "MCPCHAOS_CACHE"
	envWrappers = "MCPCHAOS_WRAPPERS"
	envBinPref  = "MCPCHAOS_BIN_"
)

// envName is the MCPCHAOS_BIN_ suffix of a component: upper case, '-' as '_'.
func envName(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// EnvNames are the environment variables the installer reads through
// Options.LookupEnv: MCPCHAOS_CACHE, MCPCHAOS_WRAPPERS and
// MCPCHAOS_BIN_<NAME> for every component.
func EnvNames() []string {
	names := []string{envCache, envWrappers}
	for _, n := range Names() {
		names = append(names, envBinPref+envName(n))
	}
	return names
}

// env is the value of the environment variable key as opts.LookupEnv
// reports it; "" without a LookupEnv.
func (o Options) env(key string) string {
	if o.LookupEnv == nil {
		return ""
	}
	v, _ := o.LookupEnv(key)
	return v
}
