package summary

import (
	"crypto/md5" //nolint:gosec // k6 uses md5 of the path as group/check ids; not security.
	"encoding/hex"
	"sync"
	"sync/atomic"
)

// GroupSeparator joins group names into k6's group paths ("::a::b").
const GroupSeparator = "::"

// Group is one node of the run's group tree, with its checks. Safe for
// concurrent use by all VUs.
type Group struct {
	Name, Path, ID string

	mu     sync.Mutex
	groups []*Group
	checks []*Check
}

// Check counts the passes and fails of one named check in a group.
type Check struct {
	Name, Path, ID string
	passes, fails  atomic.Int64
}

// NewRootGroup returns the root group (empty name and path).
func NewRootGroup() *Group {
	return &Group{ID: pathID("")}
}

// Group returns the child group name, creating it once.
func (g *Group) Group(name string) *Group {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.groups {
		if c.Name == name {
			return c
		}
	}
	p := g.Path + GroupSeparator + name
	c := &Group{Name: name, Path: p, ID: pathID(p)}
	g.groups = append(g.groups, c)
	return c
}

// Check returns the check name of this group, creating it once.
func (g *Group) Check(name string) *Check {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.checks {
		if c.Name == name {
			return c
		}
	}
	p := g.Path + GroupSeparator + name
	c := &Check{Name: name, Path: p, ID: pathID(p)}
	g.checks = append(g.checks, c)
	return c
}

// Groups returns the child groups in creation order.
func (g *Group) Groups() []*Group {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*Group(nil), g.groups...)
}

// Checks returns the group's checks in creation order.
func (g *Group) Checks() []*Check {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*Check(nil), g.checks...)
}

// Record counts one evaluation of the check.
func (c *Check) Record(ok bool) {
	if ok {
		c.passes.Add(1)
	} else {
		c.fails.Add(1)
	}
}

// Passes returns how many evaluations passed.
func (c *Check) Passes() int64 { return c.passes.Load() }

// Fails returns how many evaluations failed.
func (c *Check) Fails() int64 { return c.fails.Load() }

func pathID(p string) string {
	sum := md5.Sum([]byte(p)) //nolint:gosec // id, not security
	return hex.EncodeToString(sum[:])
}
