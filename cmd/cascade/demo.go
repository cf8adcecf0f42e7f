package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/cascade-platform/cascade/authz"
	"github.com/cascade-platform/cascade/org"
)

// demoOrg is one invented organisation of the demo; the names are fictional.
type demoOrg struct {
	lead    string
	members []string
	mentor  bool // the first member is named mentor
	profile org.Profile
}

func offers(level int, topics ...org.Topic) []org.Offer {
	out := make([]org.Offer, len(topics))
	for i, t := range topics {
		out[i] = org.Offer{Topic: t, Level: level}
	}
	return out
}

func needs(priority int, topics ...org.Topic) []org.Need {
	out := make([]org.Need, len(topics))
	for i, t := range topics {
		out[i] = org.Need{Topic: t, Priority: priority}
	}
	return out
}

func established(name, country, region string, langs []string, capacity int, off []org.Offer, pops ...org.Population) org.Profile {
	return org.Profile{
		Name: name, Country: country, Region: region, Languages: langs,
		Stage: org.StageEstablished, Legal: org.LegalRegistered, Populations: pops, Offers: off,
		Formats:  []org.Format{org.FormatOnlineMentoring, org.FormatStudyVisit, org.FormatTrainingOfTrainers},
		Capacity: capacity, Available: true,
	}
}

func emerging(name, country, region string, langs []string, legal org.Legal, nd []org.Need, pops ...org.Population) org.Profile {
	return org.Profile{
		Name: name, Country: country, Region: region, Languages: langs,
		Stage: org.StageEmerging, Legal: legal, Populations: pops, Needs: nd,
		Formats: []org.Format{org.FormatOnlineMentoring, org.FormatStudyVisit},
	}
}

func demoOrgs() []demoOrg {
	en, pt := []string{"en"}, []string{"pt"}
	return []demoOrg{
		{"Lerato", []string{"Naledi", "Zodwa"}, true, established("Ikhaya Peer Collective", "ZA", "Gauteng", []string{"en", "zu"}, 3,
			append(offers(3, org.TopicTrainingFacilitation, org.TopicPeerOutreach), offers(2, org.TopicAdvocacyMedia, org.TopicMonitoringEvaluation)...),
			org.PopulationFemale, org.PopulationTransgender, org.PopulationMigrant)},
		{"Thandi", []string{"Ayanda"}, true, established("Coastline Sex Worker Alliance", "ZA", "Western Cape", en, 2,
			append(offers(3, org.TopicRightsLegalLiteracy, org.TopicAccessToJustice), offers(2, org.TopicSensitisingPolice)...),
			org.PopulationFemale, org.PopulationMale)},
		{"Mpho", []string{"Kagiso"}, true, established("Kgotla Health Peers", "BW", "South-East", []string{"en", "tn"}, 2,
			append(offers(3, org.TopicHIVTestingTreatmentCondom, org.TopicSexualReproductiveHealth), offers(2, org.TopicSensitisingHealthWorkers)...),
			org.PopulationFemale, org.PopulationLivingWithHIV)},
		{"Chipo", []string{"Rudo"}, true, established("Mutare Night Shift Network", "ZW", "Manicaland", []string{"en", "sn"}, 2,
			append(offers(3, org.TopicSafetyViolenceResponse, org.TopicSafeSpace), offers(2, org.TopicFinancialSkills)...),
			org.PopulationFemale, org.PopulationYoung)},
		{"Luísa", []string{"Graça"}, true, established("Rede Estrela do Índico", "MZ", "Maputo", []string{"pt", "en"}, 2,
			append(offers(3, org.TopicPeerOutreach, org.TopicLeadershipGovernance), offers(2, org.TopicFundraising)...),
			org.PopulationFemale, org.PopulationTransgender)},
		{"Mwila", []string{"Bupe"}, false, established("Copperbelt Sisters Forum", "ZM", "Copperbelt", []string{"en", "ny"}, 1,
			offers(2, org.TopicFinancialSkills, org.TopicMaterialDevelopment, org.TopicRegistrationHosting),
			org.PopulationFemale, org.PopulationMigrant)},
		{"Nomsa", []string{"Sibusiso"}, false, emerging("Lubombo Night Light", "SZ", "Lubombo", []string{"en", "ss"}, org.LegalHosted,
			append(needs(3, org.TopicRegistrationHosting, org.TopicFinancialSkills), needs(2, org.TopicLeadershipGovernance)...),
			org.PopulationFemale, org.PopulationYoung)},
		{"Esperança", []string{"Teresa"}, false, emerging("Coletivo Kianda", "AO", "Luanda", pt, org.LegalInformal,
			append(needs(3, org.TopicRightsLegalLiteracy, org.TopicSafetyViolenceResponse), needs(2, org.TopicPeerOutreach)...),
			org.PopulationFemale, org.PopulationTransgender)},
		{"Fátima", []string{"Joana"}, false, emerging("Vozes de Benguela", "AO", "Benguela", pt, org.LegalInformal,
			append(needs(3, org.TopicHIVTestingTreatmentCondom), needs(2, org.TopicMonitoringEvaluation, org.TopicFundraising)...),
			org.PopulationFemale, org.PopulationLivingWithHIV)},
		{"Neo", []string{"Boitumelo"}, false, emerging("Francistown Peer Circle", "BW", "North-East", []string{"en", "tn"}, org.LegalHosted,
			append(needs(3, org.TopicSensitisingHealthWorkers), needs(2, org.TopicMaterialDevelopment)...),
			org.PopulationMale, org.PopulationTransgender)},
		{"Tendai", []string{"Farai"}, false, emerging("Bulawayo Safe Haven Group", "ZW", "Bulawayo", []string{"en", "nd"}, org.LegalInformal,
			append(needs(3, org.TopicSafeSpace, org.TopicAccessToJustice), needs(1, org.TopicAdvocacyMedia)...),
			org.PopulationFemale, org.PopulationWhoUseDrugs)},
		{"Amélia", []string{"Rosa"}, false, emerging("Nampula Mulheres Unidas", "MZ", "Nampula", []string{"pt"}, org.LegalHosted,
			append(needs(3, org.TopicTrainingFacilitation, org.TopicLeadershipGovernance), needs(2, org.TopicPeerOutreach)...),
			org.PopulationFemale, org.PopulationYoung)},
	}
}

// demoPasswordFile is where, in the data folder, the demo password is kept (mode 0600),
// so that a restart of the demo can say it again.
const demoPasswordFile = "demo-password.txt"

// seedDemo fills a store that has no organisations yet with the demo organisations,
// approved, each with a lead and members, all sharing one generated password. The
// password goes to the terminal and to demoPasswordFile in dir (readable by its owner
// only), never to the log. On a store that already has organisations nothing is seeded:
// the password is printed again from that file, or, when it is missing, how to start over.
func seedDemo(ctx context.Context, orgs *org.Service, reg registrar, roles *authz.Enforcer, dir string, stdout io.Writer, log *slog.Logger) error {
	file := filepath.Join(dir, demoPasswordFile)
	if len(orgs.List(ctx, "")) > 0 {
		log.Info("demo: store already has organisations; not seeding")
		b, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stdout, "Demo: the store already has organisations, and no demo password is kept in %s. To start a fresh demo, stop Cascade and remove the data folder %s.\n", file, dir)
			return nil
		}
		fmt.Fprintf(stdout, "Demo already seeded. Sign in as any lead (e.g. Lerato, Nomsa, Luísa) or as the admin \"Kestrel\" with the password: %s (kept in %s)\n",
			strings.TrimSpace(string(b)), file)
		return nil
	}
	password := "demo " + rand.Text()[:16]
	for _, d := range demoOrgs() {
		o, _, _, err := orgs.Apply(ctx, d.lead, password, d.profile)
		if err != nil {
			return fmt.Errorf("apply %s: %w", d.profile.Name, err)
		}
		if _, err := orgs.Approve(ctx, o.ID); err != nil {
			return err
		}
		for i, name := range d.members {
			_, token, err := orgs.CreateInvite(ctx, o.ID, "")
			if err != nil {
				return err
			}
			_, userID, _, err := orgs.AcceptInvite(ctx, token, name, password)
			if err != nil {
				return fmt.Errorf("member of %s: %w", d.profile.Name, err)
			}
			if i == 0 && d.mentor {
				if err := orgs.SetMentor(ctx, o.ID, userID, true); err != nil {
					return err
				}
			}
		}
	}
	admin, _, err := reg.Register(ctx, "Kestrel", password)
	if err != nil {
		return err
	}
	if err := roles.Grant(admin.ID, authz.RoleAdmin, authz.Platform); err != nil {
		return err
	}
	kept := "kept in " + file
	if err := writeSecret(file, password+"\n"); err != nil {
		log.Warn("demo: could not keep the password", "file", file, "err", err)
		kept = "not kept: note it now"
	}
	fmt.Fprintf(stdout, "Demo ready: %d organisations. Sign in as any lead (e.g. Lerato, Nomsa, Luísa) or as the admin \"Kestrel\" with the password: %s (%s)\n",
		len(demoOrgs()), password, kept)
	return nil
}

// writeSecret writes s to a file only its owner can read, creating its folder (0700)
// if needed; an existing file is replaced.
func writeSecret(file, s string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil { // an older file may have had another mode
		f.Close()
		return err
	}
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
