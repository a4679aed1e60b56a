package session_test

import (
	"os"
	"testing"

	"github.com/mcpchaos/mcpchaos/xk6-mcp/internal/testserver"
)

// stdioServer is the path of the test stdio server, built once.
var stdioServer string

func TestMain(m *testing.M) {
	os.Exit(testserver.MainWithStdio(m, &stdioServer))
}
