package cicheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// commandSeparators split a run: script into commands.
var commandSeparators = regexp.MustCompile(`\n|&&|\|\||;|\|`)

// actionPath prefixes name the action's own checkout: this repository.
var actionPath = []string{`"$GITHUB_ACTION_PATH/`, `$GITHUB_ACTION_PATH/`, `"${GITHUB_ACTION_PATH}/`, `${GITHUB_ACTION_PATH}/`, `${{ github.action_path }}/`}

// checkRun checks the scripts and make targets a run: executes.
func (r Repo) checkRun(where, run string, checkouts map[string]bool) error {
	var errs []error
	for _, cmd := range commandSeparators.Split(run, -1) {
		words := strings.Fields(cmd)
		if len(words) == 0 {
			continue
		}
		switch first := words[0]; {
		case first == "make":
			errs = append(errs, r.checkMake(where, words[1:]))
		case (first == "bash" || first == "sh") && len(words) > 1 && !strings.HasPrefix(words[1], "-"):
			errs = append(errs, r.checkScript(where, words[1], checkouts, false))
		case strings.Contains(first, "/"):
			errs = append(errs, r.checkScript(where, first, checkouts, true))
		}
	}
	return errors.Join(errs...)
}

// checkScript checks that a script path a run: executes is in the
// repository (and executable when run directly).
func (r Repo) checkScript(where, word string, checkouts map[string]bool, direct bool) error {
	p := word
	for _, pre := range actionPath {
		p = strings.TrimPrefix(p, pre)
	}
	p = strings.Trim(p, `"'`)
	p = strings.TrimPrefix(p, "./")
	if first, rest, ok := strings.Cut(p, "/"); ok && checkouts[first] {
		p = rest
	}
	if strings.ContainsAny(p, "$*{}") || filepath.IsAbs(p) {
		return fmt.Errorf("%s: runs %s, which cannot be checked: name the script by its path in the repository", where, word)
	}
	if r.Pending[p] {
		return nil
	}
	st, err := os.Stat(filepath.Join(r.Root, filepath.FromSlash(p)))
	if err != nil {
		return fmt.Errorf("%s: runs %s, which is not in the repository (%s)", where, word, p)
	}
	if direct && st.Mode()&0o111 == 0 {
		return fmt.Errorf("%s: runs %s, which is not executable: chmod +x %s and commit the mode", where, word, p)
	}
	return nil
}

// checkMake checks that each make target is a rule of the Makefile.
func (r Repo) checkMake(where string, args []string) error {
	mk, err := os.ReadFile(filepath.Join(r.Root, "Makefile"))
	if err != nil {
		return fmt.Errorf("%s: runs make, but: %w", where, err)
	}
	var errs []error
	for _, a := range args {
		if strings.HasPrefix(a, "-") || strings.Contains(a, "=") {
			continue
		}
		rule := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(a) + `\s*:`)
		if !rule.Match(mk) {
			errs = append(errs, fmt.Errorf("%s: runs make %s, but the Makefile has no rule %q", where, a, a))
		}
	}
	return errors.Join(errs...)
}
