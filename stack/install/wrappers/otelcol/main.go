// Command otelcol is mcpchaos's own OpenTelemetry Collector build: the log
// shipper of the embedded stack (the Promtail role). It follows the layout
// the collector builder (ocb) generates: main.go wires the config providers,
// components.go lists the factories.
//
// This is a nested module, excluded from the main module; the installer in
// stack/install copies it into the cache and builds it there.
package main

import (
	"log"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/otelcol"
)

// version is the collector release whose components this build uses.
const version = "0.165.0"

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "otelcol",
			Description: "mcpchaos OpenTelemetry Collector (filelog, otlp, batch, otlphttp, debug, file_storage)",
			Version:     version,
		},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{
					envprovider.NewFactory(),
					fileprovider.NewFactory(),
				},
				// A bare ${VAR} in a config means an environment variable.
				DefaultScheme: "env",
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatalf("collector finished with error: %v", err)
	}
}
