package install

import (
	"bytes"
	"compress/gzip"
)

// alertmanagerRecipe: the module lacks its web UI build (ui/app/dist, which
// ui/web.go embeds), so a plain go install fails. wrappers/alertmanager
// requires it as a tool; the build vendors it, adds a placeholder page where
// the UI would be, and builds with -mod=vendor. The HTTP API is unaffected.
func alertmanagerRecipe() Recipe {
	return Recipe{
		Key:     "alertmanager",
		Module:  "github.com/prometheus/alertmanager",
		Version: "v0.34.2",
		Wrapper: "alertmanager",
		Vendor:  true,
		LDFlags: "-X github.com/prometheus/common/version.Version=0.34.2",
		Placeholders: map[string][]byte{
			// ui/web.go serves index.html from its .gz for html files.
			"github.com/prometheus/alertmanager/ui/app/dist/index.html.gz": gzipped(placeholderPage),
		},
		Binaries: []Binary{{
			Name:        "alertmanager",
			Package:     "github.com/prometheus/alertmanager/cmd/alertmanager",
			PathNames:   []string{"alertmanager", "prometheus-alertmanager"},
			VersionArgs: []string{"--version"},
			Versions:    []string{"0.34.2"},
		}},
		Hint: "cold: about 3 min",
	}
}

const placeholderPage = `<!doctype html>
<title>Alertmanager</title>
<p>This Alertmanager was built by mcpchaos without its web UI.
The HTTP API is at <a href="api/v2/status">api/v2/</a>.</p>
`

// gzipped compresses s; writing to a bytes.Buffer cannot fail.
func gzipped(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(s))
	_ = zw.Close()
	return buf.Bytes()
}
