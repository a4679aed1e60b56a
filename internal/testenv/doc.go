// Package testenv decides what a test does when something it needs from
// the machine is missing: a built backend in the install cache, npm or
// node, a toolchain. On a developer's machine the test skips, saying what
// is missing; in CI (the environment variable CI set to true, as GitHub
// Actions and most CI systems do) it fails, because a dependency missing
// in CI is a broken pipeline, not a reason to pass silently.
//
// Skips that are not about a missing dependency (-short, an opt-in
// benchmark, an OS without the feature under test) stay plain t.Skip.
package testenv
