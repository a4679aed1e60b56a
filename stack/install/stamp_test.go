package install

import (
	"os"
	"path/filepath"
	"testing"
)

func TestBuildKeyTracksInputs(t *testing.T) {
	t.Parallel()
	wrapper := t.TempDir()
	if err := os.WriteFile(filepath.Join(wrapper, "main.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := prometheusRecipe()
	key := func(r Recipe, w string) string {
		t.Helper()
		k, err := buildKey(r, w)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k0 := key(base, wrapper)
	if k0 != key(prometheusRecipe(), wrapper) {
		t.Fatal("buildKey is not deterministic")
	}

	noTags := prometheusRecipe()
	noTags.Tags = nil
	newPin := prometheusRecipe()
	newPin.Version = "v0.317.0"
	otherPlaceholder := alertmanagerRecipe()
	otherPlaceholder.Placeholders = map[string][]byte{"x/index.html.gz": []byte("other")}

	tests := []struct {
		name string
		a, b string
	}{
		{"tags", k0, key(noTags, wrapper)},
		{"version pin", k0, key(newPin, wrapper)},
		{"placeholder", key(alertmanagerRecipe(), ""), key(otherPlaceholder, "")},
	}
	for _, tt := range tests {
		if tt.a == tt.b {
			t.Errorf("changing %s keeps the build key %s", tt.name, tt.a)
		}
	}

	if err := os.WriteFile(filepath.Join(wrapper, "main.go"), []byte("package main // changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if key(base, wrapper) == k0 {
		t.Error("changing a wrapper file keeps the build key")
	}
}

func TestIsCurrent(t *testing.T) {
	t.Parallel()
	r := toxiproxyRecipe()
	dir := t.TempDir()
	if isCurrent(dir, "k1", r) {
		t.Fatal("empty dir is current")
	}
	if err := writeStamp(dir, stamp{Key: "k1", Module: r.Module, Version: r.Version}); err != nil {
		t.Fatal(err)
	}
	if isCurrent(dir, "k1", r) {
		t.Error("stamp without binary is current")
	}
	writeExec(t, filepath.Join(dir, "toxiproxy-server"), "#!/bin/sh\n")
	if !isCurrent(dir, "k1", r) {
		t.Error("stamp and binary: not current")
	}
	if isCurrent(dir, "k2", r) {
		t.Error("other build key is current")
	}
	if !isCurrent(dir, "", r) {
		t.Error("no key (wrapper not at hand): a complete build of the same module@version should do")
	}
	other := r
	other.Version = "v2.6.0"
	if isCurrent(dir, "", other) {
		t.Error("no key: another version's stamp was accepted")
	}
}
