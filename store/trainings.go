package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/cascade-platform/cascade/training"
)

var _ training.Store = (*DB)(nil)

// colTrainings holds the trainings of the cascade: loaded whole at start (training.Service
// keeps them in memory), read by id only when another instance recorded one.
const colTrainings = "trainings"

type trainingDoc struct {
	ID   string            `bson:"_id"`
	Org  string            `bson:"org"`
	Body training.Training `bson:"body"`
}

// SaveTraining stores a training.
func (d *DB) SaveTraining(ctx context.Context, t training.Training) error {
	if _, err := d.c(colTrainings).InsertOne(ctx, trainingDoc{ID: t.ID, Org: t.Org, Body: t}); err != nil {
		return fmt.Errorf("store: save training: %w", err)
	}
	return nil
}

// Training returns training id; training.ErrNotFound if there is none.
func (d *DB) Training(ctx context.Context, id string) (training.Training, error) {
	var doc trainingDoc
	err := d.c(colTrainings).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&doc)
	if isNotFound(err) {
		return training.Training{}, fmt.Errorf("store: training %s: %w", id, training.ErrNotFound)
	}
	if err != nil {
		return training.Training{}, fmt.Errorf("store: training: %w", err)
	}
	return utcTraining(doc.Body), nil
}

// Trainings returns every training.
func (d *DB) Trainings(ctx context.Context) ([]training.Training, error) {
	cur, err := d.c(colTrainings).Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	var docs []trainingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	out := make([]training.Training, len(docs))
	for i, doc := range docs {
		out[i] = utcTraining(doc.Body)
	}
	return out, nil
}

func utcTraining(t training.Training) training.Training {
	t.Recorded = t.Recorded.UTC()
	return t
}
