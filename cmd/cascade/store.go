package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/cascade-platform/cascade/store"
)

// openStore connects to MONGODB_URI, or starts the embedded FerretDB in the data
// folder when none is given. close releases both in the right order.
func openStore(ctx context.Context, cfg config, log *slog.Logger) (db *store.DB, closeAll func(), err error) {
	uri := cfg.mongoURI
	var embedded *store.Embedded
	if uri == "" {
		embedded, err = store.StartEmbedded(ctx, cfg.dataDir, log)
		if err != nil {
			return nil, nil, err
		}
		uri = embedded.URI
		log.Info("store", "kind", "embedded FerretDB on SQLite", "folder", cfg.dataDir)
	} else {
		log.Info("store", "kind", "MongoDB", "uri", redactedURI(uri))
	}
	if embedded != nil {
		db, err = embedded.Open(ctx, cfg.dbName)
	} else {
		db, err = store.Open(ctx, uri, cfg.dbName)
	}
	if err != nil {
		if embedded != nil {
			err = errors.Join(err, embedded.Close())
		}
		return nil, nil, err
	}
	if db.ReplicaSet {
		log.Info("store is a replica set: majority writes and reads")
	}
	return db, func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if err := db.Close(ctx); err != nil {
			log.Warn("closing store", "err", err)
		}
		if embedded != nil {
			if err := embedded.Close(); err != nil {
				log.Warn("stopping embedded store", "err", err)
			}
		}
	}, nil
}
