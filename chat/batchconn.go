package chat

import (
	"net"
	"sync"
	"time"
)

// batchConn is the net.Conn under gorilla. While the writer goroutine has a batch open
// (begin … flush), writes are appended to a buffer and leave in one write(2) at flush:
// a socket with several queued frames costs one syscall, not one per frame. With no
// batch open, writes go straight to the socket, so control frames that other
// goroutines write (pong, close echo) are never held back beyond the open batch, which
// only appends to memory. mu serialises the buffer and the socket.
type batchConn struct {
	net.Conn
	wait time.Duration // deadline of the flush write

	mu       sync.Mutex
	open     bool
	deadline time.Time // of the socket's writes, moved on by flush when half spent
	buf      *[]byte   // from batchBufs while a batch is open
	err      error     // first failed flush; every later write returns it
}

// batchBufs lends batch buffers, so an idle connection holds none.
var batchBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooledBatch bounds the buffers given back to batchBufs.
const maxPooledBatch = 64 << 10

func (b *batchConn) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	if b.open {
		*b.buf = append(*b.buf, p...)
		return len(p), nil
	}
	return b.Conn.Write(p)
}

// SetWriteDeadline is gorilla's, before each frame. While a batch is open the frame
// only lands in memory and flush sets the deadline of the real write.
func (b *batchConn) SetWriteDeadline(t time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open {
		return nil
	}
	b.deadline = t
	return b.Conn.SetWriteDeadline(t)
}

// begin opens a batch: writes are buffered until flush.
func (b *batchConn) begin() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		b.open, b.buf = true, batchBufs.Get().(*[]byte)
	}
}

// flush closes the batch and writes what it holds with one write, within the write
// deadline.
func (b *batchConn) flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.open {
		return b.err
	}
	buf := b.buf
	b.open, b.buf = false, nil
	defer func() {
		if cap(*buf) <= maxPooledBatch {
			*buf = (*buf)[:0]
			batchBufs.Put(buf)
		}
	}()
	if b.err != nil || len(*buf) == 0 {
		return b.err
	}
	// Setting a deadline costs a timer update; a busy socket flushes every few ms, so the
	// deadline moves only once half of it is spent: a write has wait/2 to wait to finish.
	if now := time.Now(); b.deadline.Sub(now) < b.wait/2 {
		b.deadline = now.Add(b.wait)
		_ = b.Conn.SetWriteDeadline(b.deadline)
	}
	if _, err := b.Conn.Write(*buf); err != nil {
		b.err = err
	}
	return b.err
}
