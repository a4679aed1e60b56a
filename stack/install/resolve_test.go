package install

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOverride(t *testing.T) {
	good := filepath.Join(t.TempDir(), "prom")
	writeExec(t, good, "#!/bin/sh\n")
	notExec := filepath.Join(t.TempDir(), "prom")
	writeExec(t, notExec, "")
	if err := os.Chmod(notExec, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nope")

	tests := []struct {
		name    string
		env     string
		bins    map[string]string
		want    string
		wantErr string
	}{
		{name: "none"},
		{name: "env", env: good, want: good},
		{name: "option beats env", env: missing, bins: map[string]string{"victoria-logs": good}, want: good},
		{name: "env missing file", env: missing, wantErr: "MCPCHAOS_BIN_VICTORIA_LOGS=" + missing},
		{name: "env not executable", env: notExec, wantErr: "not an executable file"},
		{name: "option missing file", bins: map[string]string{"victoria-logs": missing}, wantErr: "Options.Bins[victoria-logs]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := envOf(map[string]string{"MCPCHAOS_BIN_VICTORIA_LOGS": tt.env})
			got, err := Ensure(t.Context(), Options{CacheDir: t.TempDir(), Bins: tt.bins, Go: missing, LookupEnv: env}, "victoria-logs")
			if tt.wantErr != "" {
				if !errors.Is(err, ErrOverride) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want ErrOverride containing %q", err, tt.wantErr)
				}
				return
			}
			if tt.want == "" {
				if !errors.Is(err, ErrNoGo) { // no override: it went on to build
					t.Fatalf("err = %v, want ErrNoGo from the build path", err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Ensure = %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestPathBinaryNeedsPinnedVersion(t *testing.T) {
	tests := []struct {
		name      string
		prints    string
		allowPath bool
		fromPath  bool
	}{
		{"same version", "toxiproxy-server version 2.5.0", false, true},
		{"other version", "toxiproxy-server version 2.4.0", false, false},
		{"longer version", "toxiproxy-server version 2.5.01", false, false},
		{"other version allowed", "toxiproxy-server version 2.4.0", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fakeGo(t, installOK)
			t.Setenv("COUNT", filepath.Join(t.TempDir(), "count"))
			onPath := filepath.Join(dir, "toxiproxy-server")
			writeExec(t, onPath, "#!/bin/sh\necho '"+tt.prints+"'\n")
			got, err := Ensure(t.Context(), Options{CacheDir: t.TempDir(), AllowPath: tt.allowPath}, "toxiproxy")
			if err != nil {
				t.Fatal(err)
			}
			if (got == onPath) != tt.fromPath {
				t.Errorf("Ensure = %s; from PATH = %t, want %t", got, got == onPath, tt.fromPath)
			}
		})
	}
}

func TestContainsVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s, v string
		want bool
	}{
		{"prometheus, version 3.16.0 (branch: HEAD)", "3.16.0", true},
		{"victoria-logs-20260101-v1.52.1", "v1.52.1", true},
		{"version 2.5.0.", "2.5.0", true},
		{"v1.52.10", "v1.52.1", false},
		{"11.52.1", "1.52.1", false},
		{"1.52.1.3", "1.52.1", false},
		{"0.1.52.1", "1.52.1", false},
		{"", "1.0.0", false},
		{"1.0.0 then 2.0.0", "2.0.0", true},
	}
	for _, tt := range tests {
		if got := containsVersion(tt.s, tt.v); got != tt.want {
			t.Errorf("containsVersion(%q, %q) = %t, want %t", tt.s, tt.v, got, tt.want)
		}
	}
}
