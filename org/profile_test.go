package org_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/org/orgtest"
)

func TestProfileValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *org.Profile)
		field string // "" = valid
	}{
		{"valid", func(p *org.Profile) {}, ""},
		{"name two characters", func(p *org.Profile) { p.Name = "Ab" }, ""},
		{"name 80 accented characters", func(p *org.Profile) { p.Name = strings.Repeat("é", 80) }, ""},
		{"name one character", func(p *org.Profile) { p.Name = "A" }, "name"},
		{"name empty", func(p *org.Profile) { p.Name = "" }, "name"},
		{"name 81 characters", func(p *org.Profile) { p.Name = strings.Repeat("a", 81) }, "name"},
		{"name control character", func(p *org.Profile) { p.Name = "Ab\x00cd" }, "name"},
		{"name newline", func(p *org.Profile) { p.Name = "Ab\ncd" }, "name"},
		{"name bidi override", func(p *org.Profile) { p.Name = "Ab\u202Ecd" }, "name"},
		{"name zero-width space", func(p *org.Profile) { p.Name = "Ab\u200Bcd" }, "name"},
		{"name not NFC", func(p *org.Profile) { p.Name = "Cafe\u0301" }, "name"},
		{"name surrounding space", func(p *org.Profile) { p.Name = " Abcd" }, "name"},
		{"name invalid UTF-8", func(p *org.Profile) { p.Name = "Ab\xffcd" }, "name"},
		{"country GB", func(p *org.Profile) { p.Country = "GB" }, ""},
		{"country lower-case", func(p *org.Profile) { p.Country = "mz" }, "country"},
		{"country alpha-3", func(p *org.Profile) { p.Country = "MOZ" }, "country"},
		{"country empty", func(p *org.Profile) { p.Country = "" }, "country"},
		{"country unassigned", func(p *org.Profile) { p.Country = "ZZ" }, "country"},
		{"country reserved UK", func(p *org.Profile) { p.Country = "UK" }, "country"},
		{"country not a country EU", func(p *org.Profile) { p.Country = "EU" }, "country"},
		{"country numeric", func(p *org.Profile) { p.Country = "00" }, "country"},
		{"region empty", func(p *org.Profile) { p.Region = "" }, ""},
		{"region 60 characters", func(p *org.Profile) { p.Region = strings.Repeat("r", 60) }, ""},
		{"region 61 characters", func(p *org.Profile) { p.Region = strings.Repeat("r", 61) }, "region"},
		{"region control character", func(p *org.Profile) { p.Region = "Sul\x07" }, "region"},
		{"languages none", func(p *org.Profile) { p.Languages = nil }, "languages"},
		{"languages ten", func(p *org.Profile) {
			p.Languages = []string{"en", "pt", "fr", "zu", "xh", "st", "tn", "sn", "nd", "ny"}
		}, ""},
		{"languages eleven", func(p *org.Profile) {
			p.Languages = []string{"en", "pt", "fr", "zu", "xh", "st", "tn", "sn", "nd", "ny", "ss"}
		}, "languages"},
		{"language upper-case", func(p *org.Profile) { p.Languages = []string{"EN"} }, "languages[0]"},
		{"language alpha-3", func(p *org.Profile) { p.Languages = []string{"pt", "eng"} }, "languages[1]"},
		{"language unknown", func(p *org.Profile) { p.Languages = []string{"xx"} }, "languages[0]"},
		{"language duplicate", func(p *org.Profile) { p.Languages = []string{"pt", "en", "pt"} }, "languages[2]"},
		{"stage empty", func(p *org.Profile) { p.Stage = "" }, "stage"},
		{"stage unknown", func(p *org.Profile) { p.Stage = "large" }, "stage"},
		{"legal empty", func(p *org.Profile) { p.Legal = "" }, "legal"},
		{"legal unknown", func(p *org.Profile) { p.Legal = "secret" }, "legal"},
		{"hosted without host name", func(p *org.Profile) { p.HostName = "" }, ""},
		{"host name 80 characters", func(p *org.Profile) { p.HostName = strings.Repeat("h", 80) }, ""},
		{"host name 81 characters", func(p *org.Profile) { p.HostName = strings.Repeat("h", 81) }, "host_name"},
		{"host name when registered", func(p *org.Profile) { p.Legal = org.LegalRegistered }, "host_name"},
		{"host name when informal", func(p *org.Profile) { p.Legal = org.LegalInformal }, "host_name"},
		{"registered without host", func(p *org.Profile) { p.Legal, p.HostName = org.LegalRegistered, "" }, ""},
		{"host name zero-width", func(p *org.Profile) { p.HostName = "N\u200BGO" }, "host_name"},
		{"populations none", func(p *org.Profile) { p.Populations = nil }, ""},
		{"population unknown", func(p *org.Profile) { p.Populations = []org.Population{"clients"} }, "populations[0]"},
		{"population duplicate", func(p *org.Profile) {
			p.Populations = []org.Population{org.PopulationMale, org.PopulationMale}
		}, "populations[1]"},
		{"offer unknown topic", func(p *org.Profile) { p.Offers = []org.Offer{{Topic: "cooking", Level: 1}} }, "offers[0].topic"},
		{"offer level 0", func(p *org.Profile) { p.Offers[0].Level = 0 }, "offers[0].level"},
		{"offer level 4", func(p *org.Profile) { p.Offers[0].Level = 4 }, "offers[0].level"},
		{"offer level 3", func(p *org.Profile) { p.Offers[0].Level = 3 }, ""},
		{"offer duplicate topic", func(p *org.Profile) { p.Offers = append(p.Offers, org.Offer{Topic: p.Offers[0].Topic, Level: 1}) }, "offers[1].topic"},
		{"need unknown topic", func(p *org.Profile) { p.Needs[1].Topic = "cooking" }, "needs[1].topic"},
		{"need priority 0", func(p *org.Profile) { p.Needs[0].Priority = 0 }, "needs[0].priority"},
		{"need priority 4", func(p *org.Profile) { p.Needs[0].Priority = 4 }, "needs[0].priority"},
		{"need duplicate topic", func(p *org.Profile) { p.Needs[1].Topic = p.Needs[0].Topic }, "needs[1].topic"},
		{"formats none", func(p *org.Profile) { p.Formats = nil }, "formats"},
		{"format unknown", func(p *org.Profile) { p.Formats = []org.Format{"holiday"} }, "formats[0]"},
		{"format duplicate", func(p *org.Profile) {
			p.Formats = []org.Format{org.FormatSecondment, org.FormatSecondment}
		}, "formats[1]"},
		{"capacity negative", func(p *org.Profile) { p.Capacity = -1 }, "capacity"},
		{"capacity 20", func(p *org.Profile) { p.Capacity = 20 }, ""},
		{"capacity 21", func(p *org.Profile) { p.Capacity = 21 }, "capacity"},
		{"capacity without offers", func(p *org.Profile) { p.Offers = nil }, "capacity"},
		{"no capacity and no offers", func(p *org.Profile) { p.Offers, p.Capacity = nil, 0 }, ""},
		{"emerging without needs", func(p *org.Profile) { p.Needs = nil }, "needs"},
		{"established offering nothing and needing nothing", func(p *org.Profile) {
			p.Stage, p.Offers, p.Needs, p.Capacity = org.StageEstablished, nil, nil, 0
		}, ""},
		{"about empty", func(p *org.Profile) { p.About = "" }, ""},
		{"about 1000 characters", func(p *org.Profile) { p.About = strings.Repeat("ã", 1000) }, ""},
		{"about 1001 characters", func(p *org.Profile) { p.About = strings.Repeat("a", 1001) }, "about"},
		{"about lines and tabs", func(p *org.Profile) { p.About = "one\n\ttwo" }, ""},
		{"about bell", func(p *org.Profile) { p.About = "ring\x07" }, "about"},
		{"about bidi isolate", func(p *org.Profile) { p.About = "a\u2066b" }, "about"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := orgtest.Profile("Sisters Rising")
			tt.edit(&p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			var ve *org.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, org.ErrInvalid) {
				t.Fatalf("got %v, want a *ValidationError for %s", err, tt.field)
			}
			if ve.Field != tt.field {
				t.Errorf("got field %q (%s), want %q", ve.Field, ve.Reason, tt.field)
			}
		})
	}
}

func TestProfileNormalize(t *testing.T) {
	p := orgtest.Profile("x")
	p.Name = "  Cafe\u0301 Rosa \t"
	p.Country = " mz "
	p.Languages = []string{"PT", " en", "pt"}
	p.Populations = []org.Population{org.PopulationMale, org.PopulationMale}
	p.Formats = []org.Format{org.FormatSecondment, org.FormatSecondment}
	p.About = "line one\r\nline two "
	got := p.Normalize()
	want := p
	want.Name = "Café Rosa"
	want.Country = "MZ"
	want.Languages = []string{"pt", "en"}
	want.Populations = []org.Population{org.PopulationMale}
	want.Formats = []org.Format{org.FormatSecondment}
	want.About = "line one\nline two"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("normalised profile invalid: %v", err)
	}
	got.Languages[0] = "changed"
	if p.Languages[0] != "PT" {
		t.Errorf("Normalize shares memory with its input")
	}
}

func TestTaxonomy(t *testing.T) {
	tax := org.Taxonomy()
	lists := map[string][]org.Term{
		"topics": tax.Topics, "formats": tax.Formats, "populations": tax.Populations,
		"stages": tax.Stages, "legal_situations": tax.LegalSituations,
	}
	wantLen := map[string]int{"topics": 19, "formats": 4, "populations": 7, "stages": 2, "legal_situations": 3}
	for name, terms := range lists {
		if len(terms) != wantLen[name] {
			t.Errorf("%s: got %d terms, want %d", name, len(terms), wantLen[name])
		}
		seen := map[string]bool{}
		for _, term := range terms {
			if term.ID == "" || term.Label.EN == "" || term.Label.PT == "" || seen[term.ID] {
				t.Errorf("%s: bad or duplicate term %+v", name, term)
			}
			seen[term.ID] = true
		}
	}
	if len(tax.OfferLevels) != 3 || len(tax.NeedPriorities) != 3 {
		t.Errorf("got %d levels and %d priorities, want 3 and 3", len(tax.OfferLevels), len(tax.NeedPriorities))
	}
	tax.Topics[0].ID = "changed"
	if org.Taxonomy().Topics[0].ID == "changed" {
		t.Errorf("Taxonomy returns shared memory")
	}
}

// FuzzProfile decodes a profile as the API does and validates it: it must never panic, and a
// profile that validates after normalising must stay valid through a JSON round trip.
func FuzzProfile(f *testing.F) {
	valid, _ := json.Marshal(orgtest.Profile("Sisters Rising"))
	f.Add(valid)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"name":"Ab","country":"mz","languages":["EN","en"],"stage":"established","legal":"informal","formats":["study_visit"]}`))
	f.Add([]byte(`{"name":"A\u202eB","offers":[{"topic":"fundraising","level":9}],"capacity":-5}`))
	f.Add([]byte(`{"name":"x","unknown":1}`))
	f.Add([]byte(`{"needs":[{"topic":"fundraising","priority":1},{"topic":"fundraising","priority":2}]}`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var p org.Profile
		if err := dec.Decode(&p); err != nil {
			return
		}
		_ = p.Validate()
		n := p.Normalize()
		if err := n.Validate(); err != nil {
			if !errors.Is(err, org.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		if again := n.Normalize(); !reflect.DeepEqual(again, n) {
			t.Fatalf("Normalize not idempotent: %+v then %+v", n, again)
		}
		out, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		var back org.Profile
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("valid profile invalid after a JSON round trip: %v", err)
		}
	})
}
