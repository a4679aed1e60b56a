package assertionsjs_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mcpchaos/mcpchaos/assertions/js/promtest"
	"github.com/mcpchaos/mcpchaos/internal/testenv"
)

// prom is the real Prometheus the package's tests query: just the
// Prometheus binary (promtest), not the whole embedded stack, since
// queryHolds and queryValue need nothing else.
var prom struct {
	url string
	err error
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(withPrometheus(m))
}

func withPrometheus(m *testing.M) int {
	if testing.Short() {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "mcpchaos-assertionsjs-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := promtest.Start(ctx, dir)
	defer func() {
		if err := s.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "prometheus:", err)
		}
	}()
	if err != nil {
		prom.err = err
	} else {
		prom.url = s.URL
	}
	return m.Run()
}

// prometheusURL is the test Prometheus's URL; without one the test
// fails in CI and skips elsewhere.
func prometheusURL(t *testing.T) string {
	t.Helper()
	if errors.Is(prom.err, promtest.ErrNoBinary) {
		testenv.Missing(t, "the pinned Prometheus (install cache)", prom.err)
	}
	if prom.err != nil {
		t.Fatal(prom.err)
	}
	if prom.url == "" {
		testenv.Missing(t, "the test Prometheus (-short leaves it out)", errors.New("not started"))
	}
	return prom.url
}
