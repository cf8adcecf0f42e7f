package chat

import "encoding/binary"

// wsText frames payload as one final, unmasked WebSocket text frame (RFC 6455 §5.2):
// what a server sends, the same bytes for every socket.
func wsText(payload []byte) []byte {
	n := len(payload)
	var b []byte
	switch {
	case n < 126:
		b = make([]byte, 2, 2+n)
		b[1] = byte(n)
	case n <= 0xffff:
		b = make([]byte, 4, 4+n)
		b[1] = 126
		binary.BigEndian.PutUint16(b[2:], uint16(n))
	default:
		b = make([]byte, 10, 10+n)
		b[1] = 127
		binary.BigEndian.PutUint64(b[2:], uint64(n))
	}
	b[0] = 0x81 // FIN, text
	return append(b, payload...)
}

// pingFrame is a ping with no payload; the peer's pong moves the read deadline.
var pingFrame = []byte{0x89, 0x00}

// wsFrame encodes f as one text frame.
func wsFrame(f ServerFrame) []byte { return wsText(encode(f)) }
