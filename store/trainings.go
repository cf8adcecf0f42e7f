package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/cascade-platform/cascade/training"
)

var _ training.Store = (*DB)(nil)

// colTrainings holds the trainings of the cascade: loaded whole at start (training.Service
// keeps them in memory), read by id only when another instance recorded one.
// colTrainingNames holds the namings of trainers (training.Naming), read from here only:
// ForgetUser deletes a person's with their account.
const (
	colTrainings     = "trainings"
	colTrainingNames = "training_names"
)

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

type namingDoc struct {
	ID   string          `bson:"_id"` // training/user
	Body training.Naming `bson:"body"`
	// user, training and state are the fields filters read.
	User     string               `bson:"user"`
	Training string               `bson:"training"`
	State    training.NamingState `bson:"state"`
}

// SaveNaming stores a naming, replacing the one of the same training and user.
func (d *DB) SaveNaming(ctx context.Context, n training.Naming) error {
	id := n.Training + "/" + n.User
	doc := namingDoc{ID: id, Body: n, User: n.User, Training: n.Training, State: n.State}
	if _, err := d.c(colTrainingNames).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}}, doc, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("store: save naming: %w", err)
	}
	return nil
}

// NamingsOf returns every naming of one user.
func (d *DB) NamingsOf(ctx context.Context, userID string) ([]training.Naming, error) {
	return d.namings(ctx, bson.D{{Key: "user", Value: userID}})
}

// Consented returns the consented namings of the trainings named.
func (d *DB) Consented(ctx context.Context, trainingIDs []string) ([]training.Naming, error) {
	if len(trainingIDs) == 0 {
		return nil, nil
	}
	return d.namings(ctx, bson.D{{Key: "training", Value: bson.D{{Key: "$in", Value: trainingIDs}}}, {Key: "state", Value: training.NamingConsented}})
}

func (d *DB) namings(ctx context.Context, filter bson.D) ([]training.Naming, error) {
	cur, err := d.c(colTrainingNames).Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("store: namings: %w", err)
	}
	var docs []namingDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("store: namings: %w", err)
	}
	out := make([]training.Naming, len(docs))
	for i, doc := range docs {
		n := doc.Body
		n.User, n.Named = doc.User, n.Named.UTC()
		if n.Answered != nil {
			at := n.Answered.UTC()
			n.Answered = &at
		}
		out[i] = n
	}
	return out, nil
}
