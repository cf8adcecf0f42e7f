package chat

import (
	"net"
	"sync"
	"syscall"
	"time"
)

func newSockConn(nc net.Conn, wait time.Duration) *sockConn {
	s := &sockConn{Conn: nc, wait: wait}
	if sys, ok := nc.(syscall.Conn); ok {
		s.raw, _ = sys.SyscallConn()
	}
	return s
}

// sockConn is the net.Conn under gorilla. gorilla writes only control frames through it
// (pong, close), each with one Write. Data frames are framed once per record by wsText,
// shared by every socket, and leave through writeFrames: everything queued for a socket
// in one writev(2), without copying. mu keeps the two from interleaving.
type sockConn struct {
	net.Conn
	raw  syscall.RawConn // Conn's socket, for tryWrite; nil if it has none
	wait time.Duration   // deadline of a writeFrames

	mu       sync.Mutex
	deadline time.Time // of the socket's writes, moved on by writeFrames when half spent
	err      error     // first failed writeFrames; every later write returns it
}

func (s *sockConn) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	return s.Conn.Write(p)
}

// SetWriteDeadline is gorilla's, before each control frame.
func (s *sockConn) SetWriteDeadline(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deadline = t
	return s.Conn.SetWriteDeadline(t)
}

// writeFrames writes whole frames with one writev(2) (on a TCP socket), within the
// write deadline. It consumes bufs.
func (s *sockConn) writeFrames(bufs *net.Buffers) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.moveDeadline()
	if _, err := bufs.WriteTo(s.Conn); err != nil {
		s.err = err
	}
	return s.err
}

// moveDeadline gives a blocking write wait to finish. Setting a deadline costs a timer
// update; a busy socket is written every few ms, so the deadline moves only once half of
// it is spent. Caller holds mu.
func (s *sockConn) moveDeadline() {
	if now := time.Now(); s.deadline.Sub(now) < s.wait/2 {
		s.deadline = now.Add(s.wait)
		_ = s.Conn.SetWriteDeadline(s.deadline)
	}
}

// tryWrite writes as much of b (one frame) as the socket takes now, without waiting,
// and returns how much: 0 when another write holds the socket, one failed before, the
// socket's buffer is full or its write deadline has passed (the writer moves it). The
// caller leaves the rest to the writer. When it wrote part of b, the socket stays locked
// (held): nothing may come between the two parts of a frame, not even gorilla's pong,
// so the writer writes the rest with finishHeld, which unlocks.
func (s *sockConn) tryWrite(b []byte) (n int, held bool) {
	if s.raw == nil || !s.mu.TryLock() {
		return 0, false
	}
	if s.err == nil {
		n = writeNow(s.raw, b)
	}
	if n > 0 && n < len(b) {
		return n, true
	}
	s.mu.Unlock()
	return n, false
}

// finishHeld writes the rest of a frame that tryWrite began, within the write deadline,
// and releases the socket.
func (s *sockConn) finishHeld(rest []byte) error {
	defer s.mu.Unlock()
	s.moveDeadline()
	if _, err := s.Conn.Write(rest); err != nil {
		s.err = err
	}
	return s.err
}
