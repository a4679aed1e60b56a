package report_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/internal/testenv"
	"github.com/mcpchaos/mcpchaos/report"
	"github.com/mcpchaos/mcpchaos/report/internal/browser"
)

// ScreenshotsEnv names a directory the browser test copies its
// screenshots to, to look at them.
const ScreenshotsEnv = "MCPCHAOS_REPORT_SCREENSHOTS"

// startBrowser starts Debian's Chromium (installed first in CI), or ends
// the test as testenv.Missing says; ctx ends after timeout.
func startBrowser(t *testing.T, timeout time.Duration) (context.Context, *browser.Browser) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: starts Chromium")
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	path, err := browser.Ensure(ctx)
	if err != nil {
		testenv.Missing(t, "Chromium", err)
	}
	b, err := browser.Start(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return ctx, b
}

// TestBrowser renders each testdata run and opens it in headless
// Chromium: the page shows its verdict, the timeline has the data points
// the report drew, every assertion has its row, the page's script runs,
// nothing is logged to the console and nothing is loaded from elsewhere,
// and a screenshot is written.
func TestBrowser(t *testing.T) {
	t.Parallel()
	ctx, b := startBrowser(t, 5*time.Minute)
	tests := []struct {
		run, verdict string
		rows         int
	}{
		{"pass", "pass", 8},
		{"fail", "fail", 7},
		{"error", "error", 8},
		{"notreverted", "fault-not-reverted", 5},
	}
	for _, tc := range tests {
		t.Run(tc.run, func(t *testing.T) {
			dir := copyRun(t, tc.run)
			if err := report.Render(dir); err != nil {
				t.Fatal(err)
			}
			png := filepath.Join(dir, "report.png")
			page, err := b.Shoot(ctx, filepath.Join(dir, report.HTMLFile), png)
			if err != nil {
				t.Fatal(err)
			}
			if err := page.Check(); err != nil {
				t.Errorf("the page is not clean:\n%v", err)
			}
			if page.Verdict != tc.verdict {
				t.Errorf("verdict on the page %q, want %q", page.Verdict, tc.verdict)
			}
			if page.Points < 500 || page.Points != page.Declared {
				t.Errorf("%d data points in the timeline's polylines; the report drew %d (want 500 or more: the series are one a second over 3 minutes)", page.Points, page.Declared)
			}
			if page.Elements["polyline"] < 4 || page.Elements["rect"] < 10 || page.Elements["circle"] < tc.rows {
				t.Errorf("SVG elements %v: want a line per series, bars for faults and alerts, a marker per assertion", page.Elements)
			}
			if page.AssertionRows != tc.rows {
				t.Errorf("%d assertion rows, want %d", page.AssertionRows, tc.rows)
			}
			if !strings.Contains(page.Crosshair, ":") {
				t.Errorf("crosshair %q after a mouse move: the page's script did not run", page.Crosshair)
			}
			img, err := os.ReadFile(png)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")) || len(img) < 50_000 || page.Height < 1500 {
				t.Errorf("screenshot %d bytes, page %dpx high: want a full-page PNG", len(img), page.Height)
			}
			if out := os.Getenv(ScreenshotsEnv); out != "" {
				if err := os.WriteFile(filepath.Join(out, tc.run+".png"), img, 0o644); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestBrowserSeesBrokenPages: the checks are not vacuous: a page that
// throws, logs an error and loads an image from elsewhere is reported on
// each count.
func TestBrowserSeesBrokenPages(t *testing.T) {
	ctx, b := startBrowser(t, 2*time.Minute)
	dir := t.TempDir()
	html := filepath.Join(dir, "broken.html")
	page := `<!DOCTYPE html><html><head><title>broken</title></head><body>
<img src="http://cdn.example.com/chart.png">
<script>console.error("chart failed"); throw new Error("boom");</script>
</body></html>`
	if err := os.WriteFile(html, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := b.Shoot(ctx, html, filepath.Join(dir, "broken.png"))
	if err != nil {
		t.Fatal(err)
	}
	msg := ""
	if err := got.Check(); err != nil {
		msg = err.Error()
	}
	for _, want := range []string{"chart failed", "boom", "cdn.example.com", "no verdict"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the check missed %q:\n%s", want, msg)
		}
	}
}
