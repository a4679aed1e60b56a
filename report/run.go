package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions"
	"github.com/mcpchaos/mcpchaos/faults"
	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
)

// Run is what a run directory holds, read by Load.
type Run struct {
	// Dir is the run directory; Name its base name.
	Dir  string
	Name string
	// Results are the assertion results, in the order they were written.
	Results []assertions.Entry
	// Faults are the injected faults, folded from the event log; Sweeps
	// the leftovers of earlier runs the injector cleared.
	Faults []Fault
	Sweeps []faults.Event
	// Thresholds are the summary's thresholds.
	Thresholds []Threshold
	// Timeline and Mutations are nil when their file is absent.
	Timeline  *Timeline
	Mutations *Mutations
	// Problems are inputs missing or broken in ways that keep the run from
	// being judged; each makes the verdict an error.
	Problems []string
	// Notes are inputs missing or broken in ways that only take something
	// out of the report (timeline, mutation matrix).
	Notes []string
}

// Render reads the run directory dir and writes its report.html,
// junit.xml, summary.md and verdict.json.
func Render(dir string) error {
	r, err := Load(dir)
	if err != nil {
		return err
	}
	return r.Write(dir)
}

// Load reads the run directory dir. Its error is for a directory that
// cannot be read or holds none of the run's inputs; inputs missing or
// broken otherwise are Problems or Notes.
func Load(dir string) (*Run, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("run directory: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("run directory %s is a file: give the directory that holds %s, %s and %s", dir, SummaryFile, EventsFile, AssertionsFile)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("run directory: %w", err)
	}
	r := &Run{Dir: dir, Name: filepath.Base(abs)}
	var errs []error
	hasResults, err := r.readResults()
	errs = append(errs, err)
	hasEvents, err := r.readEvents()
	errs = append(errs, err)
	hasSummary, err := r.readSummary()
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if !hasResults && !hasEvents && !hasSummary {
		return nil, fmt.Errorf("%s holds none of %s, %s, %s: is it a run directory? (mcpchaos run --summary-export DIR/%s --faults-events DIR/%s writes them)",
			dir, SummaryFile, EventsFile, AssertionsFile, SummaryFile, EventsFile)
	}
	r.readExtras()
	return r, nil
}

func (r *Run) readResults() (bool, error) {
	res, found, bad, err := readLines[assertions.Entry](r.Dir, AssertionsFile)
	r.Results = res
	r.problems(bad)
	return found, err
}

func (r *Run) readEvents() (bool, error) {
	events, found, bad, err := readLines[faults.Event](r.Dir, EventsFile)
	r.Faults, r.Sweeps = foldFaults(events)
	r.problems(bad)
	return found, err
}

// readSummary reads the thresholds; without the summary the run cannot
// be judged (its thresholds, and whether every assertion reported).
func (r *Run) readSummary() (bool, error) {
	b, err := os.ReadFile(filepath.Join(r.Dir, SummaryFile))
	if errors.Is(err, os.ErrNotExist) {
		r.Problems = append(r.Problems, SummaryFile+" is missing, so the thresholds were not judged: write it with mcpchaos run --summary-export "+filepath.Join(r.Dir, SummaryFile))
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", SummaryFile, err)
	}
	s, err := parseSummary(b)
	if err != nil {
		r.Problems = append(r.Problems, err.Error())
		return true, nil
	}
	r.Thresholds = s.Thresholds
	if s.AssertionChecks > len(r.Results) {
		r.Problems = append(r.Problems, fmt.Sprintf("%s counts %d assertion checks but %s holds %d results: the %d missing cannot be judged",
			SummaryFile, s.AssertionChecks, AssertionsFile, len(r.Results), s.AssertionChecks-len(r.Results)))
	}
	return true, nil
}

// readExtras reads the timeline and the mutation matrix; either broken
// takes only its part out of the report.
func (r *Run) readExtras() {
	var t Timeline
	if ok, err := readJSON(r.Dir, TimelineFile, &t); err != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("the timeline is left out: %v", err))
	} else if ok {
		r.Timeline = &t
	} else {
		r.Notes = append(r.Notes, fmt.Sprintf("no %s: the timeline is left out (report.Collect and report.SaveTimeline write it)", TimelineFile))
	}
	var m Mutations
	if ok, err := readJSON(r.Dir, MutationsFile, &m); err == nil && ok {
		err = m.validate()
		if err == nil {
			r.Mutations = &m
		} else {
			r.Notes = append(r.Notes, fmt.Sprintf("the mutation matrix is left out: %v", err))
		}
	} else if err != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("the mutation matrix is left out: %v", err))
	}
}

func (r *Run) problems(errs []error) {
	for _, e := range errs {
		r.Problems = append(r.Problems, e.Error())
	}
}

// Span is the time the run's faults and assertions cover, for Collect
// (pad it to show the baseline before the first fault). Both are zero for
// a run with neither.
func (r *Run) Span() (from, to time.Time) {
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if from.IsZero() || t.Before(from) {
			from = t
		}
		if t.After(to) {
			to = t
		}
	}
	for _, f := range r.Faults {
		see(f.InjectedAt)
		see(f.End())
	}
	for _, e := range r.Results {
		see(e.Since)
		see(e.Started)
		see(e.Ended)
	}
	return from, to
}

// Write writes the report's outputs into dir.
func (r *Run) Write(dir string) error {
	outputs := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{HTMLFile, r.HTML},
		{JUnitFile, r.JUnit},
		{MarkdownFile, r.Markdown},
		{VerdictFile, r.VerdictJSON},
	}
	for _, o := range outputs {
		b, err := o.render()
		if err != nil {
			return fmt.Errorf("render %s: %w", o.name, err)
		}
		if err := atomicfile.Write(filepath.Join(dir, o.name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", o.name, err)
		}
	}
	return nil
}
