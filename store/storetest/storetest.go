// Package storetest gives each test its own fresh database on one embedded FerretDB
// per test binary (or on the server named by CASCADE_TEST_MONGODB_URI).
package storetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cascade-platform/cascade/store"
)

// server is shared by the tests of one binary: starting FerretDB costs more than a test.
var server struct {
	once sync.Once
	uri  string
	err  error
}

// URI returns the address of the shared test server, starting it on first use.
// The embedded server's folder lives in the OS temp dir and is removed by Main.
func URI(tb testing.TB) string {
	tb.Helper()
	server.once.Do(func() {
		if uri := os.Getenv("CASCADE_TEST_MONGODB_URI"); uri != "" {
			server.uri = uri
			return
		}
		dir, err := os.MkdirTemp("", "cascade-test-ferretdb-")
		if err != nil {
			server.err = err
			return
		}
		tempDirs = append(tempDirs, dir)
		e, err := store.StartEmbedded(context.Background(), dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			server.err = err
			return
		}
		embedded = e
		server.uri = e.URI
	})
	if server.err != nil {
		tb.Fatalf("start test store: %v", server.err)
	}
	return server.uri
}

var (
	embedded *store.Embedded
	tempDirs []string
)

// Main runs the tests and then stops the shared server and removes its files.
// Call it from TestMain in packages that use NewDB.
func Main(m *testing.M) {
	code := m.Run()
	if embedded != nil {
		_ = embedded.Close()
	}
	for _, d := range tempDirs {
		_ = os.RemoveAll(d)
	}
	os.Exit(code)
}

// External reports whether the tests run on the server named by CASCADE_TEST_MONGODB_URI
// rather than the embedded one.
func External() bool { return os.Getenv("CASCADE_TEST_MONGODB_URI") != "" }

// Folder returns the embedded test server's data folder, whose raw files a test may search
// for what must not be there; it skips the test on an external server.
func Folder(tb testing.TB) string {
	tb.Helper()
	URI(tb)
	if embedded == nil {
		tb.Skip("the raw files of an external server are not at hand")
	}
	return tempDirs[0]
}

// DBName returns a fresh database name, unique across test runs sharing a server.
func DBName() string {
	return fmt.Sprintf("t_%d_%s", time.Now().UnixNano()%1e9, rand.Text()[:8])
}

// NewDB opens a fresh database for one test and drops it when the test ends. On the
// embedded server it opens it as cascade does (store.Embedded.Open).
func NewDB(tb testing.TB) *store.DB {
	tb.Helper()
	db := Reopen(tb, DBName())
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
	})
	return db
}

// Reopen opens database name as cascade does at start (store.Embedded.Open on the embedded
// server) and closes it when the test ends; it does not drop it.
func Reopen(tb testing.TB, name string) *store.DB {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	uri := URI(tb)
	var db *store.DB
	var err error
	if embedded != nil {
		db, err = embedded.Open(ctx, name)
	} else {
		db, err = store.Open(ctx, uri, name)
	}
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.Close(ctx)
	})
	return db
}
