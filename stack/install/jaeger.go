package install

// jaegerRecipe: jaeger's go.mod has replace directives, so `go install
// pkg@version` refuses it; wrappers/jaeger requires it as a tool.
func jaegerRecipe() Recipe {
	return Recipe{
		Key:     "jaeger",
		Module:  "github.com/jaegertracing/jaeger",
		Version: "v1.76.0",
		Wrapper: "jaeger",
		Binaries: []Binary{{
			Name:        "jaeger",
			Package:     "github.com/jaegertracing/jaeger/cmd/jaeger",
			PathNames:   []string{"jaeger"},
			VersionArgs: []string{"version"},
			Versions:    []string{"v1.76.0", "v2.13.0"},
		}},
		Hint: "cold builds take about 5 min",
	}
}
