package chat_test

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/cascade-platform/cascade/chat"
)

// memStore is a hand-written in-memory chat.Store with the same two unique keys as the
// real one.
type memStore struct {
	mu    sync.Mutex
	rooms map[string][]chat.Message // ascending seq
}

func newMemStore() *memStore { return &memStore{rooms: make(map[string][]chat.Message)} }

func (s *memStore) InsertBatch(_ context.Context, msgs []chat.Message) ([]int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var dups []int
	for i, m := range msgs {
		recs := s.rooms[m.Room]
		if slices.ContainsFunc(recs, func(r chat.Message) bool {
			return r.Seq == m.Seq || (r.Author == m.Author && r.ClientID == m.ClientID)
		}) {
			dups = append(dups, i)
			continue
		}
		recs = append(recs, m)
		slices.SortFunc(recs, func(a, b chat.Message) int { return cmp.Compare(a.Seq, b.Seq) })
		s.rooms[m.Room] = recs
	}
	return dups, nil
}

func (s *memStore) ByClientID(_ context.Context, room, author, clientID string) (chat.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rooms[room] {
		if r.Author == author && r.ClientID == clientID {
			return r, nil
		}
	}
	return chat.Message{}, chat.ErrNotFound
}

func (s *memStore) MaxSeq(_ context.Context, room string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := s.rooms[room]
	if len(recs) == 0 {
		return 0, nil
	}
	return recs[len(recs)-1].Seq, nil
}

func (s *memStore) Range(_ context.Context, room string, after int64, limit int) ([]chat.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []chat.Message
	for _, r := range s.rooms[room] {
		if r.Seq > after && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *memStore) Before(_ context.Context, room string, seq int64, limit int) ([]chat.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []chat.Message
	for _, r := range s.rooms[room] {
		if r.Seq < seq {
			out = append(out, r)
		}
	}
	return out[max(0, len(out)-limit):], nil
}

func (s *memStore) MarkEdited(_ context.Context, room string, seq int64, body string, at time.Time) error {
	return s.update(room, func(r *chat.Message) bool {
		if r.Seq == seq {
			r.Body, r.Edited = body, at
			return true
		}
		return false
	})
}

func (s *memStore) MarkDeleted(_ context.Context, room string, seq int64) error {
	return s.update(room, func(r *chat.Message) bool {
		if r.Seq == seq || (r.Kind == chat.KindEdit && r.Target == seq) {
			r.Body, r.Deleted = "", true
			return r.Seq == seq
		}
		return false
	})
}

func (s *memStore) update(room string, fn func(*chat.Message) bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for i := range s.rooms[room] {
		if fn(&s.rooms[room][i]) {
			found = true
		}
	}
	if !found {
		return chat.ErrNotFound
	}
	return nil
}
