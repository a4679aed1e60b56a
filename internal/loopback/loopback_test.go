package loopback_test

import (
	"testing"

	"github.com/mcpchaos/mcpchaos/internal/loopback"
)

func TestHost(t *testing.T) {
	t.Parallel()
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.9.9.9": true, "::1": true,
		"192.0.2.1": false, "10.0.0.1": false, "example.com": false, "": false, "localhost.example": false,
	} {
		if got := loopback.Host(host); got != want {
			t.Errorf("Host(%q) = %v, want %v", host, got, want)
		}
	}
}
