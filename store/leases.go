package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// colLeases holds the leases instances take to do one thing at a time across all of them.
const colLeases = "leases"

// leasePoll is how often a lease another holder has is asked for again.
const leasePoll = 20 * time.Millisecond

type leaseDoc struct {
	ID    string    `bson:"_id"`
	Until time.Time `bson:"until"`
}

// Lease takes the lease named key for at most ttl and returns its release (which may
// fail: the lease then lapses after ttl). While another
// holder, on any instance, has it, Lease asks again until ctx ends (its error then). The
// unique _id is the arbiter, as for every claim here; a lease whose holder died without
// releasing it is taken over once its ttl has passed.
func (d *DB) Lease(ctx context.Context, key string, ttl time.Duration) (func() error, error) {
	c := d.c(colLeases)
	for {
		until := time.Now().Add(ttl).UTC()
		_, err := c.InsertOne(ctx, leaseDoc{ID: key, Until: until})
		if err == nil {
			return func() error {
				_, err := c.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: key}, {Key: "until", Value: until}})
				if err != nil {
					return fmt.Errorf("store: release lease %s: %w", key, err)
				}
				return nil
			}, nil
		}
		if !isDuplicate(err) {
			return nil, fmt.Errorf("store: lease: %w", err)
		}
		// Held: take over a lapsed lease, else wait for its release.
		if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "until", Value: bson.D{{Key: "$lt", Value: time.Now().UTC()}}}}); err != nil {
			return nil, fmt.Errorf("store: lease: %w", err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("store: lease %s: %w", key, ctx.Err())
		case <-time.After(leasePoll):
		}
	}
}
