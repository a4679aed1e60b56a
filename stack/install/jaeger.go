package install

// jaegerRecipe: jaeger's go.mod has replace directives, so `go install
// pkg@version` refuses it; wrappers/jaeger requires it as a tool.
func jaegerRecipe() Recipe {
	return Recipe{
		Key:     "jaeger",
		Module:  "github.com/jaegertracing/jaeger",
		Version: "v1.76.0",
		Wrapper: "jaeger",
		// v1.76.0 is Jaeger v2.13.0, the version its release builds stamp.
		LDFlags: "-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v2.13.0",
		Binaries: []Binary{{
			Name:        "jaeger",
			Package:     "github.com/jaegertracing/jaeger/cmd/jaeger",
			PathNames:   []string{"jaeger"},
			VersionArgs: []string{"version"},
			Versions:    []string{"2.13.0"},
		}},
		Hint: "cold builds take minutes: 5-15 min on 2 cores",
	}
}
