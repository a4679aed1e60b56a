package cicheck

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// Repo is the repository the files belong to.
type Repo struct {
	// Root is the repository's directory.
	Root string
	// Pending are files (slash paths from Root) other branches add; they
	// count as existing.
	Pending map[string]bool
	// Actions holds the recorded metadata of pinned actions:
	// <owner>/<repo>[/<path>]/<commit>.yml, each the action.yml of that
	// commit.
	Actions fs.FS
	// SummaryFile and JUnitFile are the names of the Markdown summary and
	// the JUnit file a run's report directory holds (package report).
	SummaryFile, JUnitFile string
}

// junitActions publish JUnit files; their input naming the files.
var junitActions = map[string]string{
	"mikepenz/action-junit-report": "report_paths",
	"dorny/test-reporter":          "path",
}

// Check validates the workflow or composite action data (its path in the
// repository is name) and returns every problem at once, nil if none.
func Check(r Repo, name string, data []byte) error {
	f, err := parse(name, data)
	if err != nil {
		return err
	}
	lines := strings.Split(string(data), "\n")
	errs := []error{r.checkHashFiles(name, string(data))}
	for _, j := range f.jobs {
		where := name + ": job " + j.name
		if j.uses != "" {
			errs = append(errs, r.checkUses(where, j.uses, j.line, lines, j.with, nil))
		}
		checkouts := map[string]bool{}
		for _, s := range j.steps {
			sw := name + ": " + s.where
			if s.uses != "" {
				errs = append(errs, r.checkUses(sw, s.uses, s.line, lines, s.with, checkouts))
				errs = append(errs, r.checkReportInputs(sw, s))
				if strings.HasPrefix(s.uses, "actions/checkout@") && s.with["path"] != "" {
					checkouts[path.Clean(s.with["path"])] = true
				}
			}
			if s.run != "" {
				errs = append(errs, r.checkRun(sw, s.run, checkouts), r.checkSummary(sw, s.run))
			}
			if s.uses == "" && s.run == "" {
				errs = append(errs, fmt.Errorf("%s: neither uses nor run", sw))
			}
		}
	}
	return errors.Join(errs...)
}

// checkSummary: a step appending to the job summary must read the report's
// summary file.
func (r Repo) checkSummary(where, run string) error {
	if !strings.Contains(run, "GITHUB_STEP_SUMMARY") {
		return nil
	}
	if r.SummaryFile == "" {
		return errors.New("Repo.SummaryFile is not set")
	}
	for _, w := range strings.Fields(run) {
		if path.Base(strings.Trim(w, `"'`)) == r.SummaryFile && strings.Contains(w, "/") {
			return nil
		}
	}
	return fmt.Errorf("%s: writes the job summary but reads no <run dir>/%s, the file the report writes", where, r.SummaryFile)
}

// checkReportInputs: a JUnit publishing step must read the report's JUnit
// file.
func (r Repo) checkReportInputs(where string, s step) error {
	for action, in := range junitActions {
		if !strings.HasPrefix(s.uses, action+"@") {
			continue
		}
		if r.JUnitFile == "" {
			return errors.New("Repo.JUnitFile is not set")
		}
		if p := s.with[in]; path.Base(p) != r.JUnitFile {
			return fmt.Errorf("%s: publishes JUnit from %q, but a run's report writes %s", where, p, r.JUnitFile)
		}
	}
	return nil
}

// hashFilesCall is an expression's hashFiles('a', 'b/*.go').
var (
	hashFilesCall = regexp.MustCompile(`hashFiles\(([^)]*)\)`)
	quoted        = regexp.MustCompile(`'([^']*)'`)
)

// checkHashFiles: every pattern a hashFiles() hashes matches a file (a
// pattern matching nothing hashes to the empty string: a cache key that
// never changes).
func (r Repo) checkHashFiles(name, data string) error {
	var errs []error
	for _, call := range hashFilesCall.FindAllStringSubmatch(data, -1) {
		for _, q := range quoted.FindAllStringSubmatch(call[1], -1) {
			if r.Pending[q[1]] {
				continue
			}
			m, err := filepath.Glob(filepath.Join(r.Root, filepath.FromSlash(q[1])))
			if err != nil || len(m) == 0 {
				errs = append(errs, fmt.Errorf("%s: hashFiles pattern %q matches no file in the repository", name, q[1]))
			}
		}
	}
	return errors.Join(errs...)
}
