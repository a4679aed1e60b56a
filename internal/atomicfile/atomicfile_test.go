package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		existing []byte // nil: no file yet
		mode     os.FileMode
	}{
		{"creates", nil, 0o600},
		{"replaces", []byte("old contents, longer than the new"), 0o644},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "cert.pem")
			var before os.FileInfo
			if tc.existing != nil {
				if err := os.WriteFile(path, tc.existing, 0o600); err != nil {
					t.Fatal(err)
				}
				before, _ = os.Stat(path)
			}
			if err := atomicfile.Write(path, []byte("new"), tc.mode); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != "new" {
				t.Fatalf("read back %q, %v", got, err)
			}
			after, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if after.Mode().Perm() != tc.mode {
				t.Errorf("mode %v, want %v", after.Mode().Perm(), tc.mode)
			}
			if before != nil && os.SameFile(before, after) {
				t.Error("the file was written in place, not replaced by a rename")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("directory holds %d entries, want only the file", len(entries))
			}
		})
	}
}

func TestWriteLeavesNothingOnFailure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "missing-dir", "cert.pem")
	if err := atomicfile.Write(path, []byte("x"), 0o600); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left %v behind", entries)
	}
}
