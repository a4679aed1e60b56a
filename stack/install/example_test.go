package install_test

import (
	"fmt"

	"github.com/mcpchaos/mcpchaos/stack/install"
)

func ExampleComponents() {
	for _, c := range install.Components() {
		fmt.Println(c.Name, c.Version)
	}
	// Output:
	// toxiproxy v2.5.0
	// victoria-logs v1.52.1
	// vmalert v1.151.0
	// otelcol v0.165.0
	// prometheus v0.316.0
	// promtool v0.316.0
	// alertmanager v0.34.2
	// jaeger v1.76.0
}
