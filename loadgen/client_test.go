package loadgen

import "testing"

func TestQuickMessage(t *testing.T) {
	f, ok := quickMessage([]byte(`{"type":"message","room":"s1","seq":42,"id":"x","author":"u","body":"1700000000000000000 xxx","sent":"2026-01-01T00:00:00Z"}`))
	if !ok || f.Seq != 42 || f.Body != "1700000000000000000 " {
		t.Errorf("got %+v, %v", f, ok)
	}
	for _, s := range []string{`{"type":"ack","seq":1}`, `{"type":"message","seq":x,"body":"1 "}`, `{"type":"message","seq":3}`} {
		if _, ok := quickMessage([]byte(s)); ok {
			t.Errorf("%s: read as a message", s)
		}
	}
}
