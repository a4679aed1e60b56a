package assertionsjs

import (
	"os"
	"strings"
	"testing"

	"github.com/grafana/sobek"
)

// TestExpectationsTable: each entry's name is its expectation's Kind,
// and index.d.ts types it in both forms.
func TestExpectationsTable(t *testing.T) {
	t.Parallel()
	dts, err := os.ReadFile("index.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	rt := sobek.New()
	for _, e := range expectations() {
		args := make([]sobek.Value, len(e.positional))
		for i := range args {
			args[i] = rt.ToValue("x")
		}
		x, _, err := e.decode(args)
		if err != nil {
			t.Errorf("%s(%s): %v", e.name, strings.Join(e.positional, ", "), err)
			continue
		}
		if x.Kind() != e.name {
			t.Errorf("entry %s builds a %s", e.name, x.Kind())
		}
		for _, want := range []string{"export function " + e.name + "(", "    " + e.name + "("} {
			if !strings.Contains(string(dts), want) {
				t.Errorf("index.d.ts lacks %q", want)
			}
		}
	}
}
