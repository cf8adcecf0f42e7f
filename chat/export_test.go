package chat

// ActiveRooms returns how many rooms the hub holds in memory, for tests that need a
// room to retire and load again.
func ActiveRooms(h *Hub) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.rooms)
}
