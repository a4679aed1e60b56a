// Command screenshot opens a run directory's report.html in headless
// Chromium and saves a full-page PNG: scripts/screenshot DIR OUT.png. It
// fails when the page logs an error, loads anything from elsewhere or
// shows no verdict, and prints what it saw.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/mcpchaos/mcpchaos/report"
	"github.com/mcpchaos/mcpchaos/report/internal/browser"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 3 {
		return errors.New("usage: screenshot RUN_DIR OUT.png (RUN_DIR holds report.html: mcpchaos report RUN_DIR writes it)")
	}
	dir, out := os.Args[1], os.Args[2]
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	chromium, err := browser.Find()
	if err != nil {
		return err
	}
	b, err := browser.Start(ctx, chromium)
	if err != nil {
		return err
	}
	defer b.Close()
	page, err := b.Shoot(ctx, filepath.Join(dir, report.HTMLFile), out)
	if err != nil {
		return err
	}
	facts, _ := json.Marshal(page)
	fmt.Printf("%s\nwrote %s\n", facts, out)
	return page.Check()
}
