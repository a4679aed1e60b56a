package testenv

import (
	"os"
	"strconv"
)

// T is the part of testing.TB that Missing uses.
type T interface {
	Helper()
	Skipf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// Missing ends the test because what it needs is missing, err saying
// why: it skips, or fails when InCI.
func Missing(t T, what string, err error) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing in CI (CI=true), which is a failure, not a skip: %v", what, err)
		return
	}
	t.Skipf("%s is missing, skipping (in CI this fails): %v", what, err)
}

// InCI reports whether the environment variable CI says true (true, 1,
// TRUE, ...).
func InCI() bool {
	ci, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && ci
}
