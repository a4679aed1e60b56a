package install

import "slices"

// Recipe is how one Go build produces one or more binaries of the stack.
// Prometheus and promtool share a recipe so their common packages compile
// once.
type Recipe struct {
	// Key names the cache directory with Version: <cache>/bin/<Key>-<Version>.
	Key     string
	Module  string
	Version string
	// Binaries built by this recipe, in build order.
	Binaries []Binary
	// Tags are passed as -tags.
	Tags []string
	// LDFlags are passed as -ldflags, e.g. to stamp the version a module
	// only sets in its release builds.
	LDFlags string
	// Wrapper is the directory under wrappers/ holding the module to build
	// in; "" means a plain `go install pkg@version`.
	Wrapper string
	// Vendor makes the wrapper build run `go mod vendor` and build with
	// -mod=vendor, after writing Placeholders into the vendor tree.
	Vendor bool
	// Placeholders are files created under the vendor directory (path
	// relative to vendor/) before the build, for assets a module's
	// go:embed needs but does not ship.
	Placeholders map[string][]byte
	// Hint is what a cold build costs (measured on 2 busy cores), shown
	// while it runs.
	Hint string
}

// Binary is one executable a recipe produces.
type Binary struct {
	// Name is the component name callers use.
	Name string
	// File is the installed file name; "" means Name.
	File string
	// Package is the import path of its main package ("." for the wrapper
	// module itself).
	Package string
	// PathNames are the names to look for on PATH.
	PathNames []string
	// VersionArgs print the version, e.g. ["--version"].
	VersionArgs []string
	// Versions are the strings one of which a PATH binary's version output
	// must contain to count as the pinned version.
	Versions []string
}

// each maps f over the recipe's binaries.
func (r Recipe) each(f func(Binary) string) []string {
	out := make([]string, 0, len(r.Binaries))
	for _, b := range r.Binaries {
		out = append(out, f(b))
	}
	return out
}

// file is the binary's file name in the cache.
func (b Binary) file() string {
	if b.File != "" {
		return b.File
	}
	return b.Name
}

// Component is one installable binary, for docs and `stack status`.
type Component struct {
	Name    string
	Module  string
	Version string
	// Recipe is the build that produces it (shared by prometheus and
	// promtool).
	Recipe string
	// VersionArgs make the binary print its version, e.g. ["--version"].
	VersionArgs []string
}

// recipes returns the pinned build recipes, cheapest first. It builds a
// fresh table on each call: no package state to mutate.
func recipes() []Recipe {
	return []Recipe{
		toxiproxyRecipe(),
		victoriaLogsRecipe(),
		vmalertRecipe(),
		otelcolRecipe(),
		prometheusRecipe(),
		alertmanagerRecipe(),
		jaegerRecipe(),
	}
}

// Components lists every installable binary with its module and version.
func Components() []Component {
	var out []Component
	for _, r := range recipes() {
		for _, b := range r.Binaries {
			out = append(out, Component{Name: b.Name, Module: r.Module, Version: r.Version, Recipe: r.Key, VersionArgs: b.VersionArgs})
		}
	}
	return out
}

// Names lists the component names Ensure accepts, in EnsureAll's order.
func Names() []string {
	var out []string
	for _, c := range Components() {
		out = append(out, c.Name)
	}
	return out
}

// lookup finds the recipe and binary of a component name.
func lookup(name string) (Recipe, Binary, bool) {
	for _, r := range recipes() {
		if i := slices.IndexFunc(r.Binaries, func(b Binary) bool { return b.Name == name }); i >= 0 {
			return r, r.Binaries[i], true
		}
	}
	return Recipe{}, Binary{}, false
}
