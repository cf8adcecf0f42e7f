package chat

// eraseAccount is ControlAccountErased on this process: the user's sockets close, their
// records in the tails of active rooms read as the store now holds them (author As, and
// with Wipe no text), and their read markers are dropped, written or not.
func (h *Hub) eraseAccount(c Control) {
	h.Disconnect(c.User, "")
	if h.marks != nil {
		h.marks.forget(c.User)
	}
	h.mu.Lock()
	rooms := make([]*room, 0, len(h.rooms))
	for _, r := range h.rooms {
		rooms = append(rooms, r)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		r.mu.Lock()
		delete(r.marks, c.User)
		r.tail.erase(c.User, c.As, c.Wipe)
		r.mu.Unlock()
	}
}

// erase rewrites the records of author as EraseAuthor does in the store.
func (t *tail) erase(author, as string, wipe bool) {
	for i := range t.recs {
		m := &t.recs[i]
		if m.Author != author {
			continue
		}
		delete(t.seqOf, keyOf(*m))
		m.Author = as
		if wipe {
			m.Body = ""
			m.Deleted = m.Deleted || m.Kind == ""
		}
		t.seqOf[keyOf(*m)] = m.Seq
	}
}

// forget drops the markers of userID not yet written.
func (b *markerBook) forget(userID string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.pending {
		if k.user == userID {
			delete(b.pending, k)
		}
	}
}
