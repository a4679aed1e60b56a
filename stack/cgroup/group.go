package cgroup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Group is one cgroup that holds one supervised component.
type Group struct {
	version Version
	dir     string
}

// Open returns the group at dir without creating it (for cleanup of a
// group another process made).
func Open(v Version, dir string) *Group { return &Group{version: v, dir: dir} }

// Dir is the group's directory.
func (g *Group) Dir() string { return g.dir }

// Version is the hierarchy version the group lives in.
func (g *Group) Version() Version { return g.version }

// AddProc moves pid into the group.
func (g *Group) AddProc(pid int) error {
	if err := g.write("cgroup.procs", strconv.Itoa(pid)); err != nil {
		return fmt.Errorf("move pid %d into cgroup: %w", pid, err)
	}
	return nil
}

// SetMemoryLimit caps the group's memory at bytes. Under cgroup v1 the
// kernel refuses (EBUSY) a limit below current usage that it cannot
// reclaim; the error then says so and gives the usage.
func (g *Group) SetMemoryLimit(bytes int64) error {
	if bytes <= 0 {
		return fmt.Errorf("memory limit %d: give a positive number of bytes (or clear the limit)", bytes)
	}
	err := g.write(g.limitFile(), strconv.FormatInt(bytes, 10))
	if errors.Is(err, syscall.EBUSY) {
		usage, _ := g.MemoryUsage()
		return fmt.Errorf("set memory limit %d bytes: usage is %d bytes and the kernel could not reclaim down to the limit (cgroup v1 refuses such a limit): set a limit at or just above the usage so the next allocations hit it: %w", bytes, usage, err)
	}
	if err != nil {
		return fmt.Errorf("set memory limit %d bytes: %w", bytes, err)
	}
	return nil
}

// ClearMemoryLimit removes the group's memory cap.
func (g *Group) ClearMemoryLimit() error {
	v := "max"
	if g.version == V1 {
		v = "-1"
	}
	if err := g.write(g.limitFile(), v); err != nil {
		return fmt.Errorf("clear memory limit: %w", err)
	}
	return nil
}

// MemoryLimit returns the cap in bytes, or ok=false when there is none.
func (g *Group) MemoryLimit() (limit int64, ok bool, err error) {
	s, err := g.read(g.limitFile())
	if err != nil {
		return 0, false, err
	}
	if s == "max" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("parse %s: %w", g.limitFile(), err)
	}
	// v1 reports "no limit" as a page-rounded maximum int64.
	if g.version == V1 && n >= 1<<62 {
		return 0, false, nil
	}
	return n, true, nil
}

// MemoryUsage returns the group's current memory use in bytes.
func (g *Group) MemoryUsage() (int64, error) {
	f := "memory.current"
	if g.version == V1 {
		f = "memory.usage_in_bytes"
	}
	s, err := g.read(f)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parse %s: %w", f, err)
	}
	return n, nil
}

// OOMKills returns how many processes the kernel's OOM killer has killed in
// the group since it was created.
func (g *Group) OOMKills() (uint64, error) {
	f := "memory.events"
	if g.version == V1 {
		f = "memory.oom_control"
	}
	s, err := g.read(f)
	if err != nil {
		return 0, err
	}
	return ParseOOMKills(s)
}

// ParseOOMKills reads the oom_kill counter from the contents of
// memory.events (v2) or memory.oom_control (v1, kernel 4.13+).
func ParseOOMKills(s string) (uint64, error) {
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "oom_kill" {
			n, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse oom_kill %q: %w", f[1], err)
			}
			return n, nil
		}
	}
	return 0, errors.New("no oom_kill counter (cgroup v1 needs kernel 4.13 or later)")
}

// Procs lists the pids in the group.
func (g *Group) Procs() ([]int, error) {
	s, err := g.read("cgroup.procs")
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, f := range strings.Fields(s) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// Kill sends SIGKILL to every process in the group and waits (bounded) for
// the group to empty.
func (g *Group) Kill() error {
	if g.version == V2 {
		if err := g.write("cgroup.kill", "1"); err == nil {
			return g.waitEmpty()
		}
	}
	for i := 0; i < 50; i++ {
		pids, err := g.Procs()
		if errors.Is(err, os.ErrNotExist) || (err == nil && len(pids) == 0) {
			return nil
		}
		if err != nil {
			return err
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("cgroup %s still has processes after SIGKILL", g.dir)
}

func (g *Group) waitEmpty() error {
	for i := 0; i < 50; i++ {
		pids, err := g.Procs()
		if errors.Is(err, os.ErrNotExist) || (err == nil && len(pids) == 0) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("cgroup %s still has processes after cgroup.kill", g.dir)
}

// Remove kills what is left in the group and removes it. Removing a group
// that does not exist is not an error.
func (g *Group) Remove() error {
	if g == nil || g.dir == "" {
		return nil
	}
	if _, err := os.Stat(g.dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := g.Kill(); err != nil {
		return err
	}
	var err error
	// An exiting process may keep the group busy for a moment.
	for i := 0; i < 50; i++ {
		if err = os.Remove(g.dir); err == nil || errors.Is(err, os.ErrNotExist) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("remove cgroup: %w", err)
}

func (g *Group) limitFile() string {
	if g.version == V1 {
		return "memory.limit_in_bytes"
	}
	return "memory.max"
}

func (g *Group) read(name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(g.dir, name))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

func (g *Group) write(name, value string) error {
	p := filepath.Join(g.dir, name)
	err := os.WriteFile(p, []byte(value), 0)
	if err != nil {
		return explain(p, err)
	}
	return nil
}
