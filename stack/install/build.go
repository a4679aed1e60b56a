package install

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// builder runs one recipe's build under the install lock.
type builder struct {
	goTool
	cacheDir string
	recipe   Recipe
	wrapper  string // source of the wrapper module, "" for plain installs
	key      string // buildKey of recipe and wrapper
}

// build produces the recipe's binaries into dir (<cache>/bin/<key>-<ver>):
// it builds into a temporary sibling directory, writes the stamp last and
// renames the directory into place, so dir is complete or absent.
func (b builder) build(ctx context.Context, dir string) (time.Duration, error) {
	start := time.Now()
	binRoot := filepath.Dir(dir)
	if err := os.MkdirAll(binRoot, 0o755); err != nil {
		return 0, err
	}
	// Leftovers of a build killed outright (kill -9, power loss); only the
	// lock holder builds, so nothing else is using them.
	stale, _ := filepath.Glob(filepath.Join(binRoot, "."+filepath.Base(dir)+".tmp-*"))
	old, _ := filepath.Glob(dir + ".old-*")
	for _, p := range append(stale, old...) {
		_ = os.RemoveAll(p)
	}
	tmp, err := os.MkdirTemp(binRoot, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	if err := os.Chmod(tmp, 0o755); err != nil {
		return 0, err
	}
	work := filepath.Join(b.cacheDir, "build", filepath.Base(dir))
	if err := os.RemoveAll(work); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return 0, err
	}
	defer os.RemoveAll(work)

	if b.recipe.Wrapper == "" {
		err = b.goInstall(ctx, work, tmp)
	} else {
		err = b.wrapperBuild(ctx, work, tmp)
	}
	if err != nil {
		return 0, err
	}
	took := time.Since(start)
	if err := writeStamp(tmp, stamp{
		Key:       b.key,
		Module:    b.recipe.Module,
		Version:   b.recipe.Version,
		Packages:  b.recipe.each(func(b Binary) string { return b.Package }),
		Tags:      b.recipe.Tags,
		LDFlags:   b.recipe.LDFlags,
		Wrapper:   b.recipe.Wrapper,
		GoVersion: b.goVersion(ctx),
		BuiltAt:   time.Now().UTC().Format(time.RFC3339),
		Seconds:   took.Round(time.Second).Seconds(),
	}); err != nil {
		return 0, err
	}
	return took, replaceDir(tmp, dir)
}

// goInstall: `go install -tags … pkg@version …` with GOBIN=out, run in an
// empty directory so no surrounding module is involved; then each binary is
// renamed to its file name (toxiproxy's cmd/server → toxiproxy-server).
func (b builder) goInstall(ctx context.Context, work, out string) error {
	args := append([]string{"install", "-trimpath"}, flagArgs(b.recipe)...)
	for _, bin := range b.recipe.Binaries {
		args = append(args, bin.Package+"@"+b.recipe.Version)
	}
	g := b.goTool
	g.env = append(append([]string{}, g.env...), "GOBIN="+out)
	if err := g.run(ctx, work, nil, args...); err != nil {
		return err
	}
	for _, bin := range b.recipe.Binaries {
		if built := path.Base(bin.Package); built != bin.file() {
			if err := os.Rename(filepath.Join(out, built), filepath.Join(out, bin.file())); err != nil {
				return fmt.Errorf("rename %s to %s: %w", built, bin.file(), err)
			}
		}
	}
	return nil
}

// wrapperBuild copies the wrapper module into work/src and builds there,
// vendoring first (with placeholder files) when the recipe asks for it.
// The source tree is never written to.
func (b builder) wrapperBuild(ctx context.Context, work, out string) error {
	src := filepath.Join(work, "src")
	if err := copyTree(b.wrapper, src); err != nil {
		return fmt.Errorf("copy wrapper %s: %w", b.wrapper, err)
	}
	mod := "-mod=mod"
	if b.recipe.Vendor {
		// -e: the missing embedded assets the placeholders supply make a
		// plain `go mod vendor` exit 1 after vendoring everything else; any
		// other gap still fails the -mod=vendor build below.
		if err := b.run(ctx, src, nil, "mod", "vendor", "-e"); err != nil {
			return err
		}
		for name, data := range b.recipe.Placeholders {
			p := filepath.Join(src, "vendor", filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				return err
			}
		}
		mod = "-mod=vendor"
	}
	for _, bin := range b.recipe.Binaries {
		args := append([]string{"build", mod, "-trimpath"}, flagArgs(b.recipe)...)
		args = append(args, "-o", filepath.Join(out, bin.file()), bin.Package)
		if err := b.run(ctx, src, nil, args...); err != nil {
			return err
		}
	}
	return nil
}

// flagArgs renders the recipe's -tags and -ldflags, if any.
func flagArgs(r Recipe) []string {
	var args []string
	if len(r.Tags) > 0 {
		args = append(args, "-tags", strings.Join(r.Tags, ","))
	}
	if r.LDFlags != "" {
		args = append(args, "-ldflags", r.LDFlags)
	}
	return args
}

// replaceDir moves tmp to dir, setting an older dir aside first (rename
// cannot replace a non-empty directory).
func replaceDir(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = fmt.Sprintf("%s.old-%d", dir, time.Now().UnixNano())
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("set aside %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("move build into %s: %w", dir, err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return nil
}

// copyTree copies the regular files under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
