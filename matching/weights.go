package matching

import (
	"fmt"
	"math"
)

// Weights configure the score. The criterion weights are the most points
// each criterion can give; with DefaultWeights the first five sum to 100, and
// a hosted mentor's host can add up to HostOffers for needs the mentor leaves open.
type Weights struct {
	Topics      float64 // all needs covered at level 3
	Geography   float64 // same country, with a format where place matters fully
	Populations float64 // serves every population the request serves
	TrackRecord float64 // shrunk mean feedback of 5
	Load        float64 // carries nothing yet (all its places free)
	HostOffers  float64 // its host covers at level 3 every need it does not offer

	// RegionShare is the share (0–1) of the geography points that the same
	// region (but another country) earns.
	RegionShare float64
	// FormatGeography says how much place matters (0–1) for each format;
	// a pair's geography counts with the largest factor among the formats
	// it shares, because that is the most place-bound exchange it can run.
	// Formats not in the map count 0.
	FormatGeography map[Format]float64
	// PriorMean and PriorWeight shrink the mean feedback towards PriorMean
	// as if PriorWeight ratings of PriorMean had been given, so one early
	// rating does not dominate.
	PriorMean   float64
	PriorWeight float64
}

// DefaultWeights are the weights Cascade ships with: topic fit dominates,
// then geography and populations, then track record and load.
func DefaultWeights() Weights {
	return Weights{
		Topics:      50,
		Geography:   15,
		Populations: 15,
		TrackRecord: 10,
		Load:        10,
		HostOffers:  10,
		RegionShare: 0.5,
		FormatGeography: map[Format]float64{
			FormatStudyVisit:         1,
			FormatTrainingOfTrainers: 0.6,
			FormatOnline:             0.2,
		},
		PriorMean:   3,
		PriorWeight: 5,
	}
}

// Validate reports an ErrInvalidWeights error when a weight is negative or
// not finite, a share or factor is outside 0–1, or PriorMean is outside 1–5.
func (w *Weights) Validate() error {
	for _, v := range []float64{w.Topics, w.Geography, w.Populations, w.TrackRecord, w.Load, w.HostOffers, w.PriorWeight} {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fmt.Errorf("%w: weight %v", ErrInvalidWeights, v)
		}
	}
	if !(w.RegionShare >= 0 && w.RegionShare <= 1) {
		return fmt.Errorf("%w: region share %v not in 0–1", ErrInvalidWeights, w.RegionShare)
	}
	for f, v := range w.FormatGeography {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("%w: format %q factor %v not in 0–1", ErrInvalidWeights, f, v)
		}
	}
	if !(w.PriorMean >= 1 && w.PriorMean <= 5) {
		return fmt.Errorf("%w: prior mean %v not in 1–5", ErrInvalidWeights, w.PriorMean)
	}
	return nil
}
