// Package cicheck validates GitHub Actions files without GitHub: the
// workflows in .github/workflows and the composite action action.yml.
//
// Check parses a file and reports every problem at once:
//
//   - every `uses:` is a local path that exists (./dir with an action.yml, or
//     a workflow file), or owner/repo[/path]@<40-hex commit> with a `# vX`
//     comment naming the version;
//   - every pinned action's metadata is recorded for that exact commit
//     (Repo.Actions, copied from the action's repository), and the step's
//     `with:` names only inputs the action declares and gives every required
//     one;
//   - every script a `run:` executes exists in the repository and is
//     executable, and every `make` target it names is in the Makefile;
//   - every hashFiles() pattern matches a file;
//   - every step that appends to $GITHUB_STEP_SUMMARY reads summary.md and
//     every JUnit step reads junit.xml: the files package report writes.
//
// A file that other branches of the project add (docker-compose.yml, ...)
// may be listed in Repo.Pending instead of existing.
package cicheck
