package cicheck

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	// pinned is owner/repo[/path]@<full commit SHA>.
	pinned = regexp.MustCompile(`^([\w.-]+/[\w.-]+)(/[\w./-]+)?@([0-9a-f]{40})$`)
	// versionComment is the `# v1.2.3` after a pinned uses: line.
	versionComment = regexp.MustCompile(`#\s*v\d+(\.\d+)*\s*$`)
)

// checkUses checks one `uses:` value of a step or job. lines are the
// file's lines (for the version comment), with the step's inputs.
func (r Repo) checkUses(where, uses string, line int, lines []string, with map[string]string, checkouts map[string]bool) error {
	if strings.HasPrefix(uses, "./") {
		return r.checkLocal(where, uses, with, checkouts)
	}
	if strings.HasPrefix(uses, "docker://") {
		return fmt.Errorf("%s: uses %s: docker actions are not allowed here (pin an action by commit instead)", where, uses)
	}
	m := pinned.FindStringSubmatch(uses)
	if m == nil {
		return fmt.Errorf("%s: uses %s is not pinned: write owner/repo@<40-hex commit SHA> # vX.Y.Z", where, uses)
	}
	var errs []error
	if line < 1 || line > len(lines) || !versionComment.MatchString(lines[line-1]) {
		errs = append(errs, fmt.Errorf("%s: uses %s has no `# vX.Y.Z` comment naming the version its commit is", where, uses))
	}
	action := m[1] + m[2]
	inputs, err := r.recordedInputs(action, m[3])
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", where, err))
		return errors.Join(errs...)
	}
	errs = append(errs, checkInputs(where, action, inputs, with))
	return errors.Join(errs...)
}

// checkLocal checks a ./ action or reusable workflow. A path under a
// directory the job checks out (actions/checkout with path:) is this
// repository checked out again (the release gate's own checkout).
func (r Repo) checkLocal(where, uses string, with map[string]string, checkouts map[string]bool) error {
	rel := path.Clean(strings.TrimPrefix(uses, "./"))
	first, rest, _ := strings.Cut(rel, "/")
	if checkouts[first] {
		rel = rest
		if rel == "" {
			rel = "."
		}
	}
	if strings.HasSuffix(rel, ".yml") || strings.HasSuffix(rel, ".yaml") {
		if !r.exists(rel) {
			return fmt.Errorf("%s: uses %s: workflow %s does not exist", where, uses, rel)
		}
		return r.checkLocalInputs(where, uses, rel, with)
	}
	meta := path.Join(rel, "action.yml")
	if !r.exists(meta) {
		return fmt.Errorf("%s: uses %s: %s has no action.yml", where, uses, rel)
	}
	return r.checkLocalInputs(where, uses, meta, with)
}

// checkLocalInputs checks with: against a local action's inputs or a
// reusable workflow's workflow_call inputs.
func (r Repo) checkLocalInputs(where, uses, rel string, with map[string]string) error {
	data, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(rel)))
	if err != nil {
		return fmt.Errorf("%s: uses %s: %w", where, uses, err)
	}
	var meta struct {
		Inputs map[string]input `yaml:"inputs"`
		On     struct {
			WorkflowCall *struct {
				Inputs map[string]input `yaml:"inputs"`
			} `yaml:"workflow_call"`
		} `yaml:"on"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		return fmt.Errorf("%s: uses %s: %s: %w", where, uses, rel, err)
	}
	inputs := meta.Inputs
	if strings.HasPrefix(rel, ".github/workflows/") {
		if meta.On.WorkflowCall == nil {
			return fmt.Errorf("%s: uses %s, which is not a reusable workflow (no on.workflow_call)", where, uses)
		}
		inputs = meta.On.WorkflowCall.Inputs
	}
	return checkInputs(where, uses, inputs, with)
}

// input is an action input's metadata.
type input struct {
	Required bool    `yaml:"required"`
	Default  *string `yaml:"default"`
}

// recordedInputs reads the action metadata recorded for action at commit
// sha: Actions/<owner>/<repo>[/<path>]/<sha>.yml.
func (r Repo) recordedInputs(action, sha string) (map[string]input, error) {
	if r.Actions == nil {
		return nil, errors.New("no recorded action metadata (Repo.Actions)")
	}
	name := action + "/" + sha + ".yml"
	data, err := fs.ReadFile(r.Actions, name)
	if err != nil {
		return nil, fmt.Errorf("uses %s@%s: no action.yml recorded for that commit (%s): copy it from the action's repository at that commit: %w", action, sha, name, err)
	}
	var meta struct {
		Inputs map[string]input `yaml:"inputs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		return nil, fmt.Errorf("recorded %s: %w", name, err)
	}
	return meta.Inputs, nil
}

func checkInputs(where, action string, inputs map[string]input, with map[string]string) error {
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(with)) {
		if _, ok := inputs[k]; !ok {
			errs = append(errs, fmt.Errorf("%s: %s has no input %q (inputs: %s)", where, action, k, strings.Join(slices.Sorted(maps.Keys(inputs)), ", ")))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(inputs)) {
		if in := inputs[k]; in.Required && in.Default == nil {
			if _, ok := with[k]; !ok {
				errs = append(errs, fmt.Errorf("%s: %s requires input %q", where, action, k))
			}
		}
	}
	return errors.Join(errs...)
}

// exists reports whether the repository holds rel, or lists it as pending.
func (r Repo) exists(rel string) bool {
	if r.Pending[rel] {
		return true
	}
	_, err := os.Stat(filepath.Join(r.Root, filepath.FromSlash(rel)))
	return err == nil
}
