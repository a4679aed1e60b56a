package report

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Mutations is mutations.json: which assertions caught which defect (see
// the package doc for the shape).
type Mutations struct {
	// Produced and Commit say when and on which commit of mcpchaos the
	// matrix was produced (the evidence's provenance); both optional.
	Produced  time.Time  `json:"produced,omitzero"`
	Commit    string     `json:"commit,omitempty"`
	Mutations []Mutation `json:"mutations"`
}

// Mutation is one defect switched on in the server or the stack, and
// what the suite made of it.
type Mutation struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Where is server or stack; Phase the suite phase that judged it;
	// Exit the run's exit code; CaughtBy the assertion required to catch
	// it (its subject's start). All optional.
	Where    string           `json:"where,omitempty"`
	Phase    string           `json:"phase,omitempty"`
	Exit     int              `json:"exit,omitempty"`
	CaughtBy string           `json:"caughtBy,omitempty"`
	Results  []MutationResult `json:"results"`
}

// Catch is the result that caught m: the first caught one whose
// assertion starts with CaughtBy (any caught one when CaughtBy is empty).
func (m Mutation) Catch() (MutationResult, bool) {
	for _, r := range m.Results {
		if r.Outcome == Caught && strings.HasPrefix(r.Assertion, m.CaughtBy) {
			return r, true
		}
	}
	return MutationResult{}, false
}

// Count is how many results had outcome o.
func (m Mutation) Count(o Outcome) int {
	n := 0
	for _, r := range m.Results {
		if r.Outcome == o {
			n++
		}
	}
	return n
}

// MutationResult is one assertion under one mutation.
type MutationResult struct {
	// Assertion names the assertion as its Result's Subject does.
	Assertion string  `json:"assertion"`
	Outcome   Outcome `json:"outcome"`
	Why       string  `json:"why,omitempty"`
}

// Outcome is what an assertion did under a mutation.
type Outcome string

// Caught: the assertion failed, as it should with the defect on. Missed:
// it passed although the defect was on. OutcomeError: it could not be
// evaluated.
const (
	Caught       Outcome = "caught"
	Missed       Outcome = "missed"
	OutcomeError Outcome = "error"
)

// Caught counts the assertions that caught m; a mutation none caught
// survived the suite.
func (m Mutation) Caught() int { return m.Count(Caught) }

// Assertions are the assertions the matrix names, in order of first
// appearance: its columns.
func (ms Mutations) Assertions() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms.Mutations {
		for _, r := range m.Results {
			if !seen[r.Assertion] {
				seen[r.Assertion] = true
				out = append(out, r.Assertion)
			}
		}
	}
	return out
}

// Outcome is what assertion did under m ("" when the matrix does not say).
func (m Mutation) Outcome(assertion string) (MutationResult, bool) {
	for _, r := range m.Results {
		if r.Assertion == assertion {
			return r, true
		}
	}
	return MutationResult{}, false
}

// validate reports every problem of the matrix at once.
func (ms Mutations) validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, m := range ms.Mutations {
		at := fmt.Sprintf("%s: mutations[%d]", MutationsFile, i)
		if m.Name == "" {
			errs = append(errs, fmt.Errorf("%s: name is empty: name the defect switched on", at))
		} else if seen[m.Name] {
			errs = append(errs, fmt.Errorf("%s: name %q appears twice: one entry per mutation", at, m.Name))
		}
		seen[m.Name] = true
		for j, r := range m.Results {
			rat := fmt.Sprintf("%s.results[%d]", at, j)
			if r.Assertion == "" {
				errs = append(errs, fmt.Errorf("%s: assertion is empty: name it as its result's subject", rat))
			}
			switch r.Outcome {
			case Caught, Missed, OutcomeError:
			default:
				errs = append(errs, fmt.Errorf("%s: outcome %q: use caught, missed or error", rat, r.Outcome))
			}
		}
	}
	return errors.Join(errs...)
}
