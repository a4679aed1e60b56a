//go:build unix

package porttest_test

import (
	"errors"
	"net"
	"syscall"
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/porttest"
)

func TestRefusing(t *testing.T) {
	t.Parallel()
	addr, c, err := porttest.Refusing()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 3 {
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
			t.Fatalf("dial %s succeeded", addr)
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("dial %s: %v, want connection refused", addr, err)
		}
	}
	// The port is held: nobody else can listen there meanwhile.
	if ln, err := net.Listen("tcp", addr); err == nil {
		ln.Close()
		t.Fatalf("could listen on the held port %s", addr)
	}
}
