//go:build unix

package h1

import (
	"net"
	"syscall"
)

// peekOpen looks at the socket without blocking or consuming: open means
// no data and no end of stream.
func peekOpen(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	open := true
	var buf [1]byte
	err = rc.Read(func(fd uintptr) bool {
		n, _, rerr := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case rerr == syscall.EAGAIN || rerr == syscall.EWOULDBLOCK:
		case rerr != nil, n == 0, n > 0:
			open = false
		}
		return true
	})
	return err == nil && open
}
