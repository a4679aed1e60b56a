package cgroup

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Version is the cgroup hierarchy version that holds the memory controller.
type Version int

// Versions.
const (
	V1 Version = 1
	V2 Version = 2
)

func (v Version) String() string {
	switch v {
	case V1:
		return "cgroup v1"
	case V2:
		return "cgroup v2"
	}
	return "cgroup (unknown version)"
}

// Hierarchy is where this process's memory cgroup lives.
type Hierarchy struct {
	Version Version
	// Mount is the controller's mount point, e.g. /sys/fs/cgroup/memory.
	Mount string
	// Own is this process's cgroup relative to Mount, e.g. /user.slice/x.
	Own string
}

// Dir is the directory of this process's own cgroup.
func (h Hierarchy) Dir() string { return filepath.Join(h.Mount, h.Own) }

// ErrNoMemoryController says neither hierarchy offers the memory controller.
var ErrNoMemoryController = errors.New("no cgroup memory controller is mounted: mount cgroup2 with the memory controller enabled, or the v1 memory controller at /sys/fs/cgroup/memory")

// Detect reads /proc/self/mounts and /proc/self/cgroup.
func Detect() (Hierarchy, error) {
	mounts, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		return Hierarchy{}, fmt.Errorf("detect cgroups: %w", err)
	}
	self, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return Hierarchy{}, fmt.Errorf("detect cgroups: %w", err)
	}
	return Parse(mounts, self, readControllers)
}

// readControllers lists a cgroup2 directory's available controllers.
func readControllers(dir string) []string {
	b, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return nil
	}
	return strings.Fields(string(b))
}

// Parse picks the memory hierarchy from the contents of /proc/self/mounts
// and /proc/self/cgroup. controllers lists the controllers available in a
// cgroup2 directory (cgroup.controllers); it is a parameter so tests need no
// real mounts. A cgroup v2 mount whose own cgroup offers memory wins;
// otherwise a v1 memory controller mount is used.
func Parse(mounts, self []byte, controllers func(dir string) []string) (Hierarchy, error) {
	var v1Mount, v2Mount string
	sc := bufio.NewScanner(bytes.NewReader(mounts))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 {
			continue
		}
		switch f[2] {
		case "cgroup2":
			if v2Mount == "" {
				v2Mount = unescapeMount(f[1])
			}
		case "cgroup":
			for _, opt := range strings.Split(f[3], ",") {
				if opt == "memory" && v1Mount == "" {
					v1Mount = unescapeMount(f[1])
				}
			}
		}
	}
	var v1Own, v2Own string
	haveV1, haveV2 := false, false
	sc = bufio.NewScanner(bytes.NewReader(self))
	for sc.Scan() {
		// hierarchy-ID:controller-list:cgroup-path
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2Own, haveV2 = parts[2], true
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c == "memory" {
				v1Own, haveV1 = parts[2], true
			}
		}
	}
	if v2Mount != "" && haveV2 && slices.Contains(controllers(filepath.Join(v2Mount, v2Own)), "memory") {
		return Hierarchy{Version: V2, Mount: v2Mount, Own: v2Own}, nil
	}
	if v1Mount != "" && haveV1 {
		return Hierarchy{Version: V1, Mount: v1Mount, Own: v1Own}, nil
	}
	return Hierarchy{}, ErrNoMemoryController
}

// unescapeMount undoes the octal escapes of /proc/self/mounts (\040 etc.).
func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			var n int
			if _, err := fmt.Sscanf(s[i+1:i+4], "%3o", &n); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
