package install

// otelcolRecipe: mcpchaos's own collector (wrappers/otelcol): filelog with
// file_storage checkpoints, otlp, batch, otlphttp, debug. On PATH, a
// contrib distribution of the same version has all of them.
func otelcolRecipe() Recipe {
	return Recipe{
		Key:     "otelcol",
		Module:  "github.com/open-telemetry/opentelemetry-collector-contrib",
		Version: "v0.165.0",
		Wrapper: "otelcol",
		Binaries: []Binary{{
			Name:        "otelcol",
			Package:     ".",
			PathNames:   []string{"otelcol-contrib"},
			VersionArgs: []string{"--version"},
			Versions:    []string{"0.165.0"},
		}},
		Hint: "cold builds take minutes: 1.5-11 min on 2 cores",
	}
}
