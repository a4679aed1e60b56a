//go:build unix

package porttest

import (
	"fmt"
	"io"
	"syscall"
)

// Refusing returns a 127.0.0.1 address that refuses TCP connections
// until the returned Closer is closed.
func Refusing() (string, io.Closer, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return "", nil, fmt.Errorf("porttest: socket: %w", err)
	}
	s := socket(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		_ = s.Close()
		return "", nil, fmt.Errorf("porttest: bind: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		_ = s.Close()
		return "", nil, fmt.Errorf("porttest: getsockname: %w", err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		_ = s.Close()
		return "", nil, fmt.Errorf("porttest: bound to %T, not IPv4", sa)
	}
	return fmt.Sprintf("127.0.0.1:%d", in4.Port), s, nil
}

type socket int

func (s socket) Close() error { return syscall.Close(int(s)) }
