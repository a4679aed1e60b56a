package stack

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/config"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenPlan is a plan with fixed paths and ports, so renders are stable.
func goldenPlan(profile string) *plan {
	ports := map[string]int{}
	for i, name := range portNames {
		ports[name] = 20000 + i
	}
	return &plan{
		Dir:     "/stack",
		Profile: profile,
		PortMap: ports,
		Bins: map[string]string{
			"prometheus": "/cache/prometheus", "alertmanager": "/cache/alertmanager",
			"victoria-logs": "/cache/victoria-logs", "jaeger": "/cache/jaeger",
			"otelcol": "/cache/otelcol", "toxiproxy": "/cache/toxiproxy-server",
			"vmalert": "/cache/vmalert",
		},
		Self: "/usr/local/bin/mcpchaos",
		TLS:  true,
	}
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, profile := range []string{ProfileFast, ProfileProd} {
		p := goldenPlan(profile)
		var files []file
		for _, c := range components() {
			if c.Files == nil {
				continue
			}
			fs, err := c.Files(p)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			files = append(files, fs...)
		}
		m, err := jsonIndent(manifest(p, Options{Self: p.Self, Cgroups: "auto"}, "0123456789ab", components()))
		if err != nil {
			t.Fatal(err)
		}
		st := State{TokenFile: "/stack/token", URLs: p.urls()}
		rc, err := config.Marshal(p.runConfig(st))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{Name: "manifest.json", Data: m}, file{Name: "mcpchaos.yaml", Data: rc})
		for _, f := range files {
			t.Run(profile+"/"+f.Name, func(t *testing.T) {
				if bytes.Contains(f.Data, []byte(":0\n")) || bytes.Contains(f.Data, []byte("<no value>")) {
					t.Errorf("render has an unknown port or value:\n%s", f.Data)
				}
				golden(t, filepath.Join("testdata", "golden", profile, strings.ReplaceAll(f.Name, "/", "_")), f.Data)
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./stack -run Golden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the render (go test ./stack -run Golden -update to accept):\n%s", path, got)
	}
}

func TestRunConfigValidates(t *testing.T) {
	t.Parallel()
	p := goldenPlan(ProfileFast)
	cfg := p.runConfig(State{TokenFile: "/stack/token", URLs: p.urls()})
	if errs := cfg.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	b, err := config.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var back config.Config
	if err := config.Parse(b, &back); err != nil {
		t.Fatalf("mcpchaos.yaml does not parse back: %v", err)
	}
	if back.Faults.Targets[TargetServerTLS].CAKeyFile == "" || back.MCP.TLS.CAFile == "" {
		t.Fatalf("TLS files missing: %+v", back)
	}
}

func TestAllocatePorts(t *testing.T) {
	t.Parallel()
	ports, err := allocatePorts(map[string]int{"prometheus.web": 45678})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]string{}
	for _, name := range portNames {
		p := ports[name]
		if p == 0 {
			t.Fatalf("%s has no port", name)
		}
		if other, dup := seen[p]; dup {
			t.Fatalf("%s and %s share port %d", name, other, p)
		}
		seen[p] = name
	}
	if ports["prometheus.web"] != 45678 {
		t.Fatalf("fixed port not kept: %d", ports["prometheus.web"])
	}
	if _, err := allocatePorts(map[string]int{"prometheus.web": 1, "jaeger.query": 1}); err == nil {
		t.Fatal("one port for two names was accepted")
	}
}
