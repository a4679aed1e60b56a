package install

// prometheusRecipe builds prometheus and promtool in one go install so
// their shared packages compile once. remove_all_sd drops the cloud service
// discoveries the stack never uses (most of a cold build's time).
func prometheusRecipe() Recipe {
	// Module v0.316.0 is Prometheus 3.16.0, the version binaries report.
	versions := []string{"3.16.0"}
	return Recipe{
		Key:     "prometheus",
		Module:  "github.com/prometheus/prometheus",
		Version: "v0.316.0",
		Tags:    []string{"remove_all_sd"},
		// What release builds stamp; buildinfo and --version report it.
		LDFlags: "-X github.com/prometheus/common/version.Version=3.16.0",
		Binaries: []Binary{
			{
				Name:        "prometheus",
				Package:     "github.com/prometheus/prometheus/cmd/prometheus",
				PathNames:   []string{"prometheus"},
				VersionArgs: []string{"--version"},
				Versions:    versions,
			},
			{
				Name:        "promtool",
				Package:     "github.com/prometheus/prometheus/cmd/promtool",
				PathNames:   []string{"promtool"},
				VersionArgs: []string{"--version"},
				Versions:    versions,
			},
		},
		Hint: "cold builds take minutes: 7-14 min on 2 cores",
	}
}
