package cicheck_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/cicheck"
	"github.com/mcpchaos/mcpchaos/report"
)

// root is the repository's root, from this package's directory.
const root = "../.."

func repo() cicheck.Repo {
	return cicheck.Repo{
		Root:        root,
		Actions:     os.DirFS("testdata/actions"),
		SummaryFile: report.MarkdownFile,
		JUnitFile:   report.JUnitFile,
	}
}

// ciFiles are the repository's workflows and its composite action.
func ciFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(root, "action.yml"))
	if len(files) < 3 {
		t.Fatalf("found %v: want ci.yml, release-gate.yml and action.yml", files)
	}
	return files
}

// TestRepositoryCIFiles checks every workflow and the action.
func TestRepositoryCIFiles(t *testing.T) {
	t.Parallel()
	for _, f := range ciFiles(t) {
		name, _ := filepath.Rel(root, f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := cicheck.Check(repo(), filepath.ToSlash(name), data); err != nil {
				t.Fatal(err)
			}
		})
	}
}
