package install

// vmalertRecipe: VictoriaMetrics' rule evaluator, a plain go install. The
// stack runs it against VictoriaLogs (LogsQL rules, -rule.defaultRuleType
// vlogs): the log-based alerts that fire when the metrics path is broken.
func vmalertRecipe() Recipe {
	return Recipe{
		Key:     "vmalert",
		Module:  "github.com/VictoriaMetrics/VictoriaMetrics",
		Version: "v1.151.0",
		Binaries: []Binary{{
			Name:        "vmalert",
			Package:     "github.com/VictoriaMetrics/VictoriaMetrics/app/vmalert",
			PathNames:   []string{"vmalert", "vmalert-prod"},
			VersionArgs: []string{"-version"},
			Versions:    []string{"v1.151.0"},
		}},
		// Release builds stamp the version; without it -version prints "".
		LDFlags: "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=vmalert-v1.151.0",
		Hint:    "cold: 35 s to 2 min",
	}
}
