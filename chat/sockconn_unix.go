//go:build unix

package chat

import "syscall"

// writeNow is one non-blocking write(2): the socket is in non-blocking mode (Go's
// poller), and returning true tells the poller not to wait for it to become writable.
func writeNow(raw syscall.RawConn, b []byte) int {
	n := 0
	_ = raw.Write(func(fd uintptr) bool {
		n, _ = syscall.Write(int(fd), b)
		return true
	})
	return max(n, 0)
}
