package install

// victoriaLogsRecipe: a plain go install works.
func victoriaLogsRecipe() Recipe {
	return Recipe{
		Key:     "victoria-logs",
		Module:  "github.com/VictoriaMetrics/VictoriaLogs",
		Version: "v1.52.1",
		Binaries: []Binary{{
			Name:        "victoria-logs",
			Package:     "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs",
			PathNames:   []string{"victoria-logs", "victoria-logs-prod"},
			VersionArgs: []string{"-version"},
			Versions:    []string{"v1.52.1"},
		}},
		// Release builds stamp the version; without it -version prints "".
		LDFlags: "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-v1.52.1",
		Hint:    "cold: 1-2 min",
	}
}
