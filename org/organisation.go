package org

import (
	"slices"
	"time"
)

// Organisation is an organisation as admins see it.
type Organisation struct {
	ID           string  `json:"id"`
	Profile      Profile `json:"profile"`
	Status       Status  `json:"status"`
	StatusReason string  `json:"status_reason,omitempty"` // why it was rejected or suspended
	// Host is who hosts it (nil for none). Only its leads and the admins see it, through
	// views that put it there by name.
	Host    *Host     `json:"-"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// DirectoryEntry is an approved organisation as other members see it. It leaves out the
// legal situation and host (a hosted or informal group can be put at risk by that being
// known), the status and its reason, and timestamps.
type DirectoryEntry struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Country     string       `json:"country"`
	Region      string       `json:"region,omitempty"`
	Languages   []string     `json:"languages"`
	Stage       Stage        `json:"stage"`
	Populations []Population `json:"populations"`
	Offers      []Offer      `json:"offers"`
	Needs       []Need       `json:"needs"`
	Formats     []Format     `json:"formats"`
	Capacity    int          `json:"capacity"`
	Available   bool         `json:"available"`
	About       string       `json:"about,omitempty"`
}

// Public returns the directory view of o. The slices are copies.
func (o Organisation) Public() DirectoryEntry {
	p := o.Profile
	return DirectoryEntry{
		ID:          o.ID,
		Name:        p.Name,
		Country:     p.Country,
		Region:      p.Region,
		Languages:   append([]string{}, p.Languages...),
		Stage:       p.Stage,
		Populations: append([]Population{}, p.Populations...),
		Offers:      append([]Offer{}, p.Offers...),
		Needs:       append([]Need{}, p.Needs...),
		Formats:     append([]Format{}, p.Formats...),
		Capacity:    p.Capacity,
		Available:   p.Available,
		About:       p.About,
	}
}

// clone returns o with its own copies of every slice, so callers cannot change the
// service's in-memory copy through a returned value.
func (o Organisation) clone() Organisation {
	p := &o.Profile
	p.Languages = slices.Clone(p.Languages)
	p.Populations = slices.Clone(p.Populations)
	p.Offers = slices.Clone(p.Offers)
	p.Needs = slices.Clone(p.Needs)
	p.Formats = slices.Clone(p.Formats)
	if o.Host != nil {
		h := *o.Host
		o.Host = &h
	}
	return o
}
