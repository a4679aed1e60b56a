package testenv_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/testenv"
)

// fakeT records how the test was ended.
type fakeT struct{ skipped, failed string }

func (*fakeT) Helper()                             {}
func (f *fakeT) Skipf(format string, args ...any)  { f.skipped = fmt.Sprintf(format, args...) }
func (f *fakeT) Fatalf(format string, args ...any) { f.failed = fmt.Sprintf(format, args...) }

var _ testenv.T = (*fakeT)(nil)
var _ testenv.T = (testing.TB)(nil)

func TestMissing(t *testing.T) {
	tests := []struct {
		name, ci   string
		wantFailed bool
	}{
		{"unset skips", "", false},
		{"false skips", "false", false},
		{"garbage skips", "maybe", false},
		{"true fails", "true", true},
		{"1 fails", "1", true},
		{"TRUE fails", "TRUE", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			var f fakeT
			testenv.Missing(&f, "npm", errors.New("not on PATH"))
			got, other := f.skipped, f.failed
			if tc.wantFailed {
				got, other = f.failed, f.skipped
			}
			if other != "" || !strings.Contains(got, "npm is missing") || !strings.Contains(got, "not on PATH") {
				t.Fatalf("skipped %q, failed %q; want only the %s, naming npm and why", f.skipped, f.failed,
					map[bool]string{true: "failure", false: "skip"}[tc.wantFailed])
			}
		})
	}
}
