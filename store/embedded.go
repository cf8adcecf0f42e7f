package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is a FerretDB server running in this process on SQLite files in a folder.
// It speaks the MongoDB wire protocol on a loopback port, so the rest of the store
// talks to it exactly as it talks to MongoDB.
type Embedded struct {
	URI  string
	dir  string // the SQLite files, one per database
	stop context.CancelFunc
	done chan error
}

// StartEmbedded starts FerretDB with its SQLite files under dir/ferretdb.
// FerretDB's own logs go to logger at error level only: its warnings are protocol
// chatter (such as every driver's endSessions on disconnect) and would dump wire messages.
func StartEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	sqliteDir := filepath.Join(dir, "ferretdb")
	if err := os.MkdirAll(sqliteDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: embedded data folder: %w", err)
	}
	quiet := slog.New(levelFilter{min: slog.LevelError, next: logger.Handler()}).With("component", "ferretdb")
	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:  "sqlite",
		// Immediate transactions take the write lock up front, so concurrent writers
		// wait in SQLite's busy handler instead of failing with SQLITE_BUSY when a
		// read transaction cannot be upgraded; the busy timeout (FerretDB's default
		// is 10 s) is raised so that bursts of writers queue rather than fail.
		// secure_delete overwrites what a delete or an update frees with zeros, so that
		// a deleted account or an expired message does not survive in free pages.
		SQLiteURL: "file:" + filepath.ToSlash(sqliteDir) + "/?_txlock=immediate&_pragma=busy_timeout(60000)&_pragma=secure_delete(on)",
		Logger:    quiet,
	})
	if err != nil {
		return nil, fmt.Errorf("store: embedded ferretdb: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &Embedded{dir: sqliteDir, stop: cancel, done: make(chan error, 1)}
	go func() { e.done <- f.Run(runCtx) }()
	// MongoDBURI blocks until Run has bound the listener.
	e.URI = f.MongoDBURI()
	return e, nil
}

// Close stops the embedded server and waits for it to release its files.
func (e *Embedded) Close() error {
	e.stop()
	err := <-e.done
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// levelFilter drops records below min before they reach next. Attributes and groups
// are applied to next only when a record gets through: FerretDB adds every SQL
// statement's arguments (whole documents) to a logger with With, and a text or JSON
// handler formats them at once, which cost 2 GB of formatting per 25 MB file stored
// (measured with the library's benchmark) for records that are then dropped.
type levelFilter struct {
	min  slog.Level
	next slog.Handler
	with func(slog.Handler) slog.Handler // the WithAttrs and WithGroup calls, in order; nil for none
}

func (h levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.next.Enabled(ctx, l)
}

func (h levelFilter) Handle(ctx context.Context, r slog.Record) error {
	next := h.next
	if h.with != nil {
		next = h.with(next)
	}
	return next.Handle(ctx, r)
}

func (h levelFilter) then(f func(slog.Handler) slog.Handler) slog.Handler {
	prev := h.with
	h.with = func(next slog.Handler) slog.Handler {
		if prev != nil {
			next = prev(next)
		}
		return f(next)
	}
	return h
}

func (h levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return h.then(func(next slog.Handler) slog.Handler { return next.WithAttrs(a) })
}

func (h levelFilter) WithGroup(name string) slog.Handler {
	return h.then(func(next slog.Handler) slog.Handler { return next.WithGroup(name) })
}
