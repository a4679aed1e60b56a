package cgroup

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	withMemory := func(string) []string { return []string{"cpu", "memory", "pids"} }
	noMemory := func(string) []string { return []string{"hugetlb"} }
	tests := []struct {
		name        string
		mounts      string
		self        string
		controllers func(string) []string
		want        Hierarchy
		wantErr     error
	}{
		{"v1 with a v2 mount that lacks memory", "v1.mounts", "v1.cgroup", noMemory,
			Hierarchy{Version: V1, Mount: "/sys/fs/cgroup/memory", Own: "/process_api/08ae647c24dfc023fef19dfb151ee7dd"}, nil},
		{"pure v2", "v2.mounts", "v2.cgroup", withMemory,
			Hierarchy{Version: V2, Mount: "/sys/fs/cgroup", Own: "/user.slice/user-1000.slice/session-3.scope"}, nil},
		{"v2 without memory falls to nothing", "v2.mounts", "v2.cgroup", noMemory, Hierarchy{}, ErrNoMemoryController},
		{"no memory controller", "none.mounts", "none.cgroup", withMemory, Hierarchy{}, ErrNoMemoryController},
		{"escaped mount point", "escaped.mounts", "v1.cgroup", noMemory,
			Hierarchy{Version: V1, Mount: "/sys/fs/cgroup/my memory", Own: "/process_api/08ae647c24dfc023fef19dfb151ee7dd"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(readTestdata(t, tc.mounts), readTestdata(t, tc.self), tc.controllers)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseOOMKills(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want uint64
	}{
		{"v1 memory.oom_control", "v1.oom_control", 3},
		{"v2 memory.events", "v2.memory.events", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOOMKills(string(readTestdata(t, tc.file)))
			if err != nil || got != tc.want {
				t.Fatalf("got %d, %v; want %d", got, err, tc.want)
			}
		})
	}
	if _, err := ParseOOMKills("oom_kill_disable 0\nunder_oom 0\n"); err == nil {
		t.Fatal("want an error for an old kernel without oom_kill")
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
