// Package browser opens a rendered report in headless Chromium, checks
// what the page shows and takes its screenshot: the report's browser
// test and scripts/screenshot share it. Chromium is Debian's package;
// Ensure installs it with apt-get in CI (CI=true) or when
// MCPCHAOS_TEST_CHROMIUM=1, and otherwise says how to get it.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/mcpchaos/mcpchaos/internal/testenv"
)

// InstallEnv set to 1 lets Ensure install Chromium outside CI too.
const InstallEnv = "MCPCHAOS_TEST_CHROMIUM"

// names are the executables tried, in order.
func names() []string {
	return []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
}

// Find returns the path of a Chromium on PATH.
func Find() (string, error) {
	for _, n := range names() {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium on PATH (tried %s): apt-get install -y --no-install-recommends chromium", strings.Join(names(), ", "))
}

// Ensure returns a Chromium, installing Debian's chromium first when it
// is missing and installing is wanted (CI, or MCPCHAOS_TEST_CHROMIUM=1).
func Ensure(ctx context.Context) (string, error) {
	p, err := Find()
	if err == nil {
		return p, nil
	}
	if !testenv.InCI() && os.Getenv(InstallEnv) != "1" {
		return "", fmt.Errorf("%w; set %s=1 to let the test install it (CI does)", err, InstallEnv)
	}
	if err := install(ctx); err != nil {
		return "", err
	}
	return Find()
}

// install runs apt-get update and installs chromium.
func install(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 8*time.Minute)
	defer cancel()
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	for _, args := range [][]string{
		{"-o", "DPkg::Lock::Timeout=120", "update", "-qq"},
		{"-o", "DPkg::Lock::Timeout=120", "install", "-y", "-qq", "--no-install-recommends", "chromium"},
	} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("install chromium: apt-get %s: %w\n%s", strings.Join(args, " "), err, tail(out))
		}
	}
	return nil
}

func tail(b []byte) string {
	const n = 2000
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// Page is what the browser saw of a report.
type Page struct {
	Title   string `json:"title"`
	Verdict string `json:"verdict"`
	// Elements counts the SVG elements by tag (svg, polyline, rect,
	// circle, text); Points the points of the timeline's polylines.
	Elements map[string]int `json:"elements"`
	Points   int            `json:"points"`
	// Declared is the number of data points the report says it drew.
	Declared int `json:"declared"`
	// AssertionRows counts the rows of the assertion tables.
	AssertionRows int `json:"assertionRows"`
	// Crosshair is the time the crosshair showed after a mouse move over
	// the timeline (the page's script ran).
	Crosshair string `json:"crosshair"`
	// Resources are the URLs the page loaded besides itself: none for a
	// self-contained report.
	Resources []string `json:"resources"`
	// Console holds console errors and warnings, uncaught exceptions and
	// browser log errors.
	Console []string `json:"-"`
	Height  int      `json:"height"`
}

// probeJS reads the page's facts after load.
const probeJS = `(() => {
  const count = (sel) => document.querySelectorAll(sel).length;
  let points = 0;
  document.querySelectorAll('#timeline-svg polyline').forEach((p) => { points += p.points.numberOfItems; });
  const svg = document.getElementById('timeline-svg');
  let crosshair = '';
  if (svg) {
    const r = svg.getBoundingClientRect();
    svg.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width * 0.6, clientY: r.top + 40, bubbles: true}));
    crosshair = document.getElementById('crosslabel').textContent;
    svg.dispatchEvent(new MouseEvent('mouseleave'));
  }
  const v = document.getElementById('verdict');
  return {
    title: document.title,
    verdict: v ? v.dataset.verdict : '',
    elements: {svg: count('svg'), polyline: count('svg polyline'), rect: count('svg rect'), circle: count('svg circle'), text: count('svg text')},
    points: points,
    declared: svg ? Number(svg.dataset.points) : 0,
    assertionRows: count('tr.assertion-row'),
    crosshair: crosshair,
    resources: performance.getEntriesByType('resource').map((e) => e.name),
    height: document.documentElement.scrollHeight,
  };
})()`

// Width is the viewport width the report is shot at.
const Width = 1400

// Browser is a headless Chromium, every network name unresolvable so a
// page that needs the network shows it.
type Browser struct {
	ctx     context.Context
	cancel  func()
	profile string
}

// Start runs the Chromium at path. Close it.
func Start(ctx context.Context, path string) (*Browser, error) {
	profile, err := os.MkdirTemp("", "mcpchaos-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(Width, 1000),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-gpu", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	b := &Browser{ctx: bctx, profile: profile, cancel: func() { cancelBrowser(); cancelAlloc() }}
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		b.Close()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	return b, nil
}

// Close stops the browser and removes its profile; safe to call twice.
func (b *Browser) Close() error {
	if b.cancel == nil {
		return nil
	}
	b.cancel()
	b.cancel = nil
	return os.RemoveAll(b.profile)
}

// Shoot opens the HTML file at htmlPath in a new tab, reads its facts,
// writes a full-page PNG to pngPath and closes the tab.
func (b *Browser) Shoot(ctx context.Context, htmlPath, pngPath string) (Page, error) {
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return Page{}, err
	}
	if _, err := os.Stat(abs); err != nil {
		return Page{}, fmt.Errorf("report page: %w (render it first: mcpchaos report DIR)", err)
	}
	var mu sync.Mutex
	var console []string
	note := func(s string) {
		mu.Lock()
		console = append(console, s)
		mu.Unlock()
	}
	tctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				note(fmt.Sprintf("console.%s: %s", ev.Type, args(ev.Args)))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			note(fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				note(fmt.Sprintf("browser log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}))
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	if err := chromedp.Do(tctx, chromedp.Navigate(u), chromedp.Sleep(200*time.Millisecond)); err != nil {
		return Page{}, fmt.Errorf("open %s: %w", u, err)
	}
	page, err := chromedp.Run(tctx, chromedp.Evaluate[Page](probeJS))
	if err != nil {
		return Page{}, fmt.Errorf("read the page: %w", err)
	}
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		return page, fmt.Errorf("screenshot: %w", err)
	}
	if err := os.WriteFile(pngPath, png, 0o644); err != nil {
		return page, err
	}
	mu.Lock()
	page.Console = append([]string(nil), console...)
	mu.Unlock()
	return page, nil
}

// Check lists what is wrong with a page: console errors, resources from
// elsewhere, a timeline without data points.
func (p Page) Check() error {
	var errs []error
	for _, c := range p.Console {
		errs = append(errs, errors.New(c))
	}
	for _, r := range p.Resources {
		errs = append(errs, fmt.Errorf("the page loaded %s: a report must be self-contained", r))
	}
	if p.Verdict == "" {
		errs = append(errs, errors.New("no verdict on the page"))
	}
	return errors.Join(errs...)
}

func args(as []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range as {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}
