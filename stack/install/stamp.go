package install

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// stampFile sits beside the binaries of a recipe's cache directory.
const stampFile = "stamp.json"

// stamp records exactly what a cache directory holds. Key is compared; the
// rest is for humans and `stack status`.
type stamp struct {
	Key       string   `json:"key"` // fingerprint of the build inputs
	Module    string   `json:"module"`
	Version   string   `json:"version"`
	Packages  []string `json:"packages"`
	Tags      []string `json:"tags,omitempty"`
	LDFlags   string   `json:"ldflags,omitempty"`
	Wrapper   string   `json:"wrapper,omitempty"`
	GoVersion string   `json:"goVersion"`
	BuiltAt   string   `json:"builtAt"`
	Seconds   float64  `json:"seconds"`
}

// buildKey fingerprints everything that changes the output of a recipe:
// module@version, packages, tags, the build mode and the wrapper's files.
// The Go version is left out on purpose: a toolchain upgrade should not
// cost a quarter of an hour of rebuilds.
func buildKey(r Recipe, wrapper string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s@%s\ntags=%s\nldflags=%s\nvendor=%t\n", r.Module, r.Version, strings.Join(r.Tags, ","), r.LDFlags, r.Vendor)
	for _, b := range r.Binaries {
		fmt.Fprintf(h, "bin %s=%s as %s\n", b.Name, b.Package, b.file())
	}
	names := make([]string, 0, len(r.Placeholders))
	for name := range r.Placeholders {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(h, "placeholder %s %x\n", name, sha256.Sum256(r.Placeholders[name]))
	}
	if wrapper != "" {
		if err := hashTree(h, wrapper); err != nil {
			return "", fmt.Errorf("hash wrapper %s: %w", wrapper, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// hashTree feeds every regular file under dir, in path order, to h.
func hashTree(h interface{ Write([]byte) (int, error) }, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fmt.Fprintf(h, "file %s %x\n", filepath.ToSlash(rel), sha256.Sum256(data))
		return nil
	})
}

// readStamp reads the stamp of a cache directory; a missing or unreadable
// stamp is a zero stamp (the directory is rebuilt).
func readStamp(dir string) stamp {
	data, err := os.ReadFile(filepath.Join(dir, stampFile))
	if err != nil {
		return stamp{}
	}
	var s stamp
	if json.Unmarshal(data, &s) != nil {
		return stamp{}
	}
	return s
}

// writeStamp writes s into dir.
func writeStamp(dir string, s stamp) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, stampFile), append(data, '\n'), 0o644)
}

// cached reports whether dir holds a complete build with the given key.
func cached(dir, key string, r Recipe) bool {
	if readStamp(dir).Key != key {
		return false
	}
	for _, b := range r.Binaries {
		if !isExecutable(filepath.Join(dir, b.file())) {
			return false
		}
	}
	return true
}

// isExecutable reports whether path is a regular file with an execute bit.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}
