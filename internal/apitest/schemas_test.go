package apitest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/cascade-platform/cascade/org"
)

// checkSchema validates v, marshalled as the server would, against a component schema.
func checkSchema(t *testing.T, s *spec, name string, v any) error {
	t.Helper()
	ref, ok := s.doc.Components.Schemas[name]
	if !ok {
		t.Fatalf("no schema %s in %s", name, SpecPath)
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return ref.Value.VisitJSON(doc, openapi3.EnableJSONSchema2020(), openapi3.MultiErrors())
}

func validProfile() org.Profile {
	return org.Profile{
		Name: "Rede Esperança", Country: "MZ", Region: "Maputo", Languages: []string{"pt", "en"},
		Stage: org.StageEstablished, Legal: org.LegalHosted, HostName: "Amigos NGO",
		Populations: []org.Population{org.PopulationFemale},
		Offers:      []org.Offer{{Topic: org.TopicPeerOutreach, Level: 3}},
		Needs:       []org.Need{{Topic: org.TopicFundraising, Priority: 2}},
		Formats:     []org.Format{org.FormatOnlineMentoring}, Capacity: 2, Available: true,
		About: "We run a drop-in centre.\nSince 2010.",
	}
}

// TestSchemasMatchOrg keeps the spec's schemas in step with package org: what org produces
// validates, and profiles org refuses the schema refuses too.
func TestSchemasMatchOrg(t *testing.T) {
	s := loadSpec(t)
	if err := checkSchema(t, s, "Taxonomy", org.Taxonomy()); err != nil {
		t.Errorf("org.Taxonomy() does not match schema Taxonomy:\n%v", err)
	}

	p := validProfile().Normalize()
	if err := p.Validate(); err != nil {
		t.Fatalf("test profile is invalid: %v", err)
	}
	for _, name := range []string{"Profile", "ProfileView"} {
		if err := checkSchema(t, s, name, p); err != nil {
			t.Errorf("valid profile does not match %s:\n%v", name, err)
		}
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	o := org.Organisation{ID: "o1", Profile: p, Status: org.StatusSuspended, StatusReason: "Spam.", Created: now, Updated: now}
	if err := checkSchema(t, s, "Organisation", o); err != nil {
		t.Errorf("organisation does not match Organisation:\n%v", err)
	}
	if err := checkSchema(t, s, "MemberOrganisation", o); err == nil {
		t.Errorf("organisation with host_name and status_reason matches MemberOrganisation, want refused")
	}
	if err := checkSchema(t, s, "DirectoryEntry", o.Public()); err != nil {
		t.Errorf("o.Public() does not match DirectoryEntry:\n%v", err)
	}
	if err := checkSchema(t, s, "DirectoryEntry", o); err == nil {
		t.Errorf("a whole organisation matches DirectoryEntry, want refused (it would leak fields)")
	}

	refused := []struct {
		name string
		edit func(*org.Profile)
	}{
		{"host without hosting", func(p *org.Profile) { p.Legal = org.LegalRegistered }},
		{"capacity without offers", func(p *org.Profile) { p.Offers = nil }},
		{"emerging without needs", func(p *org.Profile) { p.Stage, p.Needs = org.StageEmerging, nil }},
		{"unknown topic", func(p *org.Profile) { p.Offers[0].Topic = "knitting" }},
		{"level 4", func(p *org.Profile) { p.Offers[0].Level = 4 }},
		{"no formats", func(p *org.Profile) { p.Formats = nil }},
		{"no languages", func(p *org.Profile) { p.Languages = nil }},
		{"capacity 21", func(p *org.Profile) { p.Capacity = 21 }},
		{"name too short", func(p *org.Profile) { p.Name = "A" }},
		{"country not a code", func(p *org.Profile) { p.Country = "Mozambique" }},
		{"unknown legal", func(p *org.Profile) { p.Legal = "secret" }},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			p := validProfile()
			p.Offers = append([]org.Offer{}, p.Offers...)
			tc.edit(&p)
			if err := p.Normalize().Validate(); err == nil {
				t.Fatalf("org accepts the profile; the case is wrong")
			}
			if err := checkSchema(t, s, "Profile", p.Normalize()); err == nil {
				t.Errorf("schema Profile accepts a profile org refuses")
			}
		})
	}
}
