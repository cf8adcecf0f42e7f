package chat_test

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// N clients joining one room at once cost each a handful of presence frames, not N:
// without batching the room would deliver about N²/2 frames. Spread over two instances,
// each client still learns everyone, at the same cost.
func TestPresenceStormIsCoalesced(t *testing.T) {
	for name, n := range map[string]int{"one instance": 1, "two instances": 2} {
		t.Run(name, func(t *testing.T) { testPresenceStorm(t, n) })
	}
}

func testPresenceStorm(t *testing.T, instanceCount int) {
	const n = 100
	hs, _ := instances(t, instanceCount, func(c *chat.Config) { c.PresenceEvery = 300 * time.Millisecond })
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = hs[i%len(hs)].dial(fmt.Sprintf("u%03d", i))
	}
	counts := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			c.send(map[string]any{"type": "join", "room": "r"})
			known := map[string]bool{}
			for {
				// Until it knows everyone, wait long; then count what still comes until
				// the room has been quiet for several windows.
				wait := 15 * time.Second
				if len(known) == n {
					wait = 1500 * time.Millisecond
				}
				_ = c.ws.SetReadDeadline(time.Now().Add(wait))
				var f chat.ServerFrame
				err := c.ws.ReadJSON(&f)
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() && len(known) == n {
					return
				}
				if err != nil {
					t.Errorf("%s: %v (knows %d of %d)", c.user, err, len(known), n)
					return
				}
				switch f.Type {
				case "joined":
					for _, u := range f.Present {
						known[u] = true
					}
				case "presence":
					counts[i]++
					for _, u := range f.Online {
						known[u] = true
					}
				}
			}
		})
	}
	wg.Wait()
	total := 0
	for _, k := range counts {
		total += k
	}
	t.Logf("%d clients joining at once received %d presence frames", n, total)
	if total > 5*n {
		t.Fatalf("got %d presence frames for %d joins, want at most %d", total, n, 5*n)
	}
}
