package cgroup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Tree is a directory of groups made for one stack, under the caller's own
// cgroup. Its Close kills and removes every group in it.
type Tree struct {
	version Version
	dir     string
}

// NewTree creates (or reuses) the directory name under h's own cgroup and,
// on cgroup v2, enables the memory controller for its children.
func NewTree(h Hierarchy, name string) (*Tree, error) {
	if name == "" || strings.ContainsAny(name, "/\x00") || name == "." || name == ".." {
		return nil, fmt.Errorf("cgroup tree name %q: use a plain directory name", name)
	}
	parent := h.Dir()
	if _, err := os.Stat(parent); err != nil {
		// Inside a cgroup namespace the own path may be relative to a
		// mount that is already rooted at it.
		parent = h.Mount
	}
	if h.Version == V2 {
		if err := enableMemory(parent); err != nil {
			return nil, err
		}
	}
	dir := filepath.Join(parent, name)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, explain(dir, err)
	}
	t := &Tree{version: h.Version, dir: dir}
	if h.Version == V2 {
		if err := enableMemory(dir); err != nil {
			return t, err
		}
	}
	return t, nil
}

// OpenTree returns the tree at dir without creating it (for cleanup).
func OpenTree(v Version, dir string) *Tree { return &Tree{version: v, dir: dir} }

// Ref names the tree as "VERSION:DIR", for another process to remove it
// with OpenRef (the supervisor's watchdog, `stack down`).
func (t *Tree) Ref() string { return fmt.Sprintf("%d:%s", int(t.version), t.dir) }

// RefFor is the Ref of the tree NewTree(h, name) makes.
func RefFor(h Hierarchy, name string) string {
	return fmt.Sprintf("%d:%s", int(h.Version), filepath.Join(h.Dir(), name))
}

// OpenRef returns the tree a Ref names; nil for "" or a malformed ref
// (Close on nil does nothing).
func OpenRef(ref string) *Tree {
	ver, dir, ok := strings.Cut(ref, ":")
	if !ok || dir == "" || (ver != "1" && ver != "2") {
		return nil
	}
	return OpenTree(Version(ver[0]-'0'), dir)
}

// Dir is the tree's directory.
func (t *Tree) Dir() string { return t.dir }

// Version is the tree's hierarchy version.
func (t *Tree) Version() Version { return t.version }

// Group creates (or reuses) the child group name.
func (t *Tree) Group(name string) (*Group, error) {
	if name == "" || strings.ContainsAny(name, "/\x00") || name == "." || name == ".." {
		return nil, fmt.Errorf("cgroup name %q: use a plain directory name", name)
	}
	dir := filepath.Join(t.dir, name)
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, explain(dir, err)
	}
	return &Group{version: t.version, dir: dir}, nil
}

// Close kills every process in the tree's groups and removes them and the
// tree. It is idempotent and safe on a nil or partly made tree.
func (t *Tree) Close() error {
	if t == nil || t.dir == "" {
		return nil
	}
	entries, err := os.ReadDir(t.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("close cgroup tree: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() {
			errs = append(errs, (&Group{version: t.version, dir: filepath.Join(t.dir, e.Name())}).Remove())
		}
	}
	errs = append(errs, (&Group{version: t.version, dir: t.dir}).Remove())
	return errors.Join(errs...)
}

// enableMemory turns on the memory controller for dir's children (v2).
func enableMemory(dir string) error {
	p := filepath.Join(dir, "cgroup.subtree_control")
	b, err := os.ReadFile(p)
	if err == nil && strings.Contains(" "+strings.TrimSpace(string(b))+" ", " memory ") {
		return nil
	}
	err = os.WriteFile(p, []byte("+memory"), 0)
	if errors.Is(err, syscall.EBUSY) {
		return fmt.Errorf("cgroup v2: cannot enable the memory controller in %s: the cgroup holds processes of its own (no internal processes rule); start the stack from a delegated, empty cgroup, e.g. `systemd-run --user --scope -p Delegate=yes mcpchaos stack up`, or run it with cgroups disabled (OOM faults are then unavailable): %w", p, err)
	}
	if err != nil {
		return explain(p, err)
	}
	return nil
}

// explain turns a permission or read-only failure into an error that says
// what to do.
func explain(path string, err error) error {
	switch {
	case errors.Is(err, os.ErrPermission), errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES):
		return fmt.Errorf("cgroup %s is not writable (%w): run the stack as root or with a delegated cgroup (systemd-run --user --scope -p Delegate=yes), or in a container with a writable /sys/fs/cgroup (--cgroupns=private, or --privileged); without it the stack runs but OOM faults are unavailable", path, err)
	}
	return fmt.Errorf("cgroup %s: %w", path, err)
}
