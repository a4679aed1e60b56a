package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/mcpchaos/mcpchaos/report"
)

var update = flag.Bool("update", false, "rewrite the golden outputs of the testdata runs")

// copyRun copies the testdata run name into a temporary directory, so
// rendering it leaves testdata untouched.
func copyRun(t *testing.T, name string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", "runs", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestGolden renders each testdata run and compares junit.xml,
// summary.md and verdict.json with the golden copies under want/.
func TestGolden(t *testing.T) {
	tests := []struct {
		run     string
		verdict report.Verdict
		code    int
	}{
		{"pass", report.VerdictPass, 0},
		{"fail", report.VerdictFail, 99},
		{"error", report.VerdictError, 120},
		{"notreverted", report.VerdictFaultNotReverted, 121},
	}
	for _, tc := range tests {
		t.Run(tc.run, func(t *testing.T) {
			t.Parallel()
			dir := copyRun(t, tc.run)
			if err := report.Render(dir); err != nil {
				t.Fatal(err)
			}
			r, err := report.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if v := r.Verdict(); v != tc.verdict || v.ExitCode() != tc.code {
				t.Errorf("verdict %s (exit %d), want %s (exit %d); reasons: %v", v, v.ExitCode(), tc.verdict, tc.code, r.Reasons())
			}
			for _, name := range []string{report.JUnitFile, report.MarkdownFile, report.VerdictFile} {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "runs", tc.run, "want", name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to write it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", name, golden, got)
				}
			}
		})
	}
}
