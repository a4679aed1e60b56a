package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Process is one process of a stack.
type Process struct {
	PID     int
	Cmdline string
}

func (p Process) String() string { return fmt.Sprintf("pid %d (%s)", p.PID, p.Cmdline) }

// Find lists the live processes whose environment holds env=value, except
// the pids in exclude. Zombies are not listed: they are dead and wait only
// for their parent to reap them.
func Find(env, value string, exclude ...int) ([]Process, error) {
	if value == "" {
		return nil, errors.New("sweep: empty marker value would match nothing useful")
	}
	want := []byte(env + "=" + value)
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var out []Process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || slices.Contains(exclude, pid) {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		envb, err := os.ReadFile(filepath.Join(dir, "environ"))
		if err != nil || !hasVar(envb, want) || zombie(dir) {
			continue
		}
		cmd, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		out = append(out, Process{PID: pid, Cmdline: strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))})
	}
	return out, nil
}

// Kill sends SIGKILL to every process Find lists and waits (up to 5s) for
// them to be gone. It returns those still alive.
func Kill(env, value string, exclude ...int) ([]Process, error) {
	for i := 0; i < 100; i++ {
		ps, err := Find(env, value, exclude...)
		if err != nil || len(ps) == 0 {
			return ps, err
		}
		for _, p := range ps {
			_ = syscall.Kill(p.PID, syscall.SIGKILL)
		}
		time.Sleep(50 * time.Millisecond)
	}
	ps, err := Find(env, value, exclude...)
	if err == nil && len(ps) > 0 {
		err = fmt.Errorf("sweep: %d processes survived SIGKILL: %v", len(ps), ps)
	}
	return ps, err
}

func hasVar(environ, want []byte) bool {
	for _, kv := range bytes.Split(environ, []byte{0}) {
		if bytes.Equal(kv, want) {
			return true
		}
	}
	return false
}

// zombie reports whether the process has exited but is not reaped yet.
func zombie(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return true
	}
	// pid (comm) S ...: comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+2 >= len(b) || b[i+2] == 'Z' || b[i+2] == 'X'
}

// Alive reports whether pid is a live (not zombie) process whose
// environment holds env=value: a pid that was reused by something else
// does not count.
func Alive(pid int, env, value string) bool {
	if pid <= 0 {
		return false
	}
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	b, err := os.ReadFile(filepath.Join(dir, "environ"))
	return err == nil && hasVar(b, []byte(env+"="+value)) && !zombie(dir)
}
