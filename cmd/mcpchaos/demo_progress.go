package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/faults"
	runreport "github.com/mcpchaos/mcpchaos/report"
)

// followEvery is how often the demo looks for new fault events and
// assertion results.
const followEvery = 500 * time.Millisecond

// followRun prints the run's fault events and assertion results as they
// are written, one line each, timed from start, until the returned stop
// is called (which prints what is left).
func followRun(w io.Writer, dir string, start time.Time) (stop func()) {
	events := &tail{path: filepath.Join(dir, runreport.EventsFile)}
	results := &tail{path: filepath.Join(dir, runreport.AssertionsFile)}
	print := func() {
		for _, l := range events.lines() {
			if s := faultLine(l); s != "" {
				fmt.Fprintf(w, "  %6s  %s\n", since(start), s)
			}
		}
		for _, l := range results.lines() {
			if s := resultLine(l); s != "" {
				fmt.Fprintf(w, "  %6s  %s\n", since(start), s)
			}
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(followEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				print()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		print()
	}
}

func since(start time.Time) string {
	return "+" + time.Since(start).Round(time.Second).String()
}

// faultLine is a fault event in words ("" for the ones not worth a line).
func faultLine(b []byte) string {
	var e faults.Event
	if json.Unmarshal(b, &e) != nil {
		return ""
	}
	what := fmt.Sprintf("%s fault on %s", e.Kind, e.Target)
	switch e.Event {
	case faults.EventEffective:
		return "FAULT   " + what + " in effect"
	case faults.EventReverted:
		return "FAULT   " + what + " reverted"
	case faults.EventNotEffective:
		return "FAULT   " + what + " did not take effect: " + e.Error
	case faults.EventNotReverted:
		return "FAULT   " + what + " NOT REVERTED: " + e.Error
	}
	return ""
}

// resultLine is an assertion result in one line, cut to a screen's width
// of why (the report has the whole of it).
func resultLine(b []byte) string {
	var r assertions.Entry
	if json.Unmarshal(b, &r) != nil {
		return ""
	}
	s := r.Result.String()
	if i := strings.Index(s, " [query: "); i > 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:199] + "…"
	}
	return s
}

// tail reads the lines appended to a file since the last call.
type tail struct {
	path   string
	offset int64
	part   []byte
}

func (t *tail) lines() [][]byte {
	f, err := os.Open(t.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if _, err := f.Seek(t.offset, io.SeekStart); err != nil {
		return nil
	}
	var out [][]byte
	r := bufio.NewReader(f)
	for {
		b, err := r.ReadBytes('\n')
		t.offset += int64(len(b))
		if err != nil {
			t.part = append(t.part, b...)
			return out
		}
		out = append(out, append(t.part, b...))
		t.part = nil
	}
}
