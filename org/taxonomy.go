package org

import "slices"

// Topic is a stable slug for one capacity topic; labels may change, slugs may not.
type Topic string

// The capacity topics, from DESIGN.md §1.
const (
	TopicSexualReproductiveHealth  Topic = "sexual_reproductive_health"
	TopicRightsLegalLiteracy       Topic = "rights_legal_literacy"
	TopicSafetyViolenceResponse    Topic = "safety_violence_response"
	TopicPeerOutreach              Topic = "peer_outreach"
	TopicCounsellingHealthWorkers  Topic = "counselling_health_workers"
	TopicSensitisingHealthWorkers  Topic = "sensitising_health_workers"
	TopicSensitisingPolice         Topic = "sensitising_police"
	TopicAccessToJustice           Topic = "access_to_justice"
	TopicMinorsYoungAdults         Topic = "minors_young_adults"
	TopicLeadershipGovernance      Topic = "leadership_governance"
	TopicFinancialSkills           Topic = "financial_skills"
	TopicFundraising               Topic = "fundraising"
	TopicMaterialDevelopment       Topic = "material_development"
	TopicTrainingFacilitation      Topic = "training_facilitation"
	TopicMonitoringEvaluation      Topic = "monitoring_evaluation"
	TopicAdvocacyMedia             Topic = "advocacy_media"
	TopicSafeSpace                 Topic = "safe_space"
	TopicRegistrationHosting       Topic = "registration_hosting"
	TopicHIVTestingTreatmentCondom Topic = "hiv_testing_treatment_condoms"
)

// Format is a kind of learning exchange.
type Format string

// The exchange formats.
const (
	FormatOnlineMentoring    Format = "online_mentoring"
	FormatStudyVisit         Format = "study_visit"
	FormatTrainingOfTrainers Format = "training_of_trainers"
	FormatSecondment         Format = "secondment"
)

// Population is a group of sex workers an organisation serves.
type Population string

// The populations served.
const (
	PopulationFemale        Population = "female_sex_workers"
	PopulationMale          Population = "male_sex_workers"
	PopulationTransgender   Population = "transgender_sex_workers"
	PopulationYoung         Population = "young_sex_workers"
	PopulationMigrant       Population = "migrant_sex_workers"
	PopulationWhoUseDrugs   Population = "sex_workers_who_use_drugs"
	PopulationLivingWithHIV Population = "sex_workers_living_with_hiv"
)

// Stage says whether an organisation mainly mentors (established) or learns (emerging).
type Stage string

// The stages.
const (
	StageEstablished Stage = "established"
	StageEmerging    Stage = "emerging"
)

// Legal is an organisation's legal situation. Groups that cannot register are often hosted by an NGO.
type Legal string

// The legal situations.
const (
	LegalRegistered Legal = "registered"
	LegalHosted     Legal = "hosted"
	LegalInformal   Legal = "informal"
)

// Label is a display text in the languages the platform ships first.
type Label struct {
	EN string `json:"en"`
	PT string `json:"pt"`
}

// Term is one entry of a taxonomy list.
type Term struct {
	ID    string `json:"id"`
	Label Label  `json:"label"`
}

// Grade is one value of a 1–3 scale (offer level, need priority).
type Grade struct {
	Value int   `json:"value"`
	Label Label `json:"label"`
}

// TaxonomyDoc is everything a profile chooses from, with labels; GET /api/v1/taxonomy serves it.
type TaxonomyDoc struct {
	Topics          []Term  `json:"topics"`
	Formats         []Term  `json:"formats"`
	Populations     []Term  `json:"populations"`
	Stages          []Term  `json:"stages"`
	LegalSituations []Term  `json:"legal_situations"`
	OfferLevels     []Grade `json:"offer_levels"`
	NeedPriorities  []Grade `json:"need_priorities"`
}

// Taxonomy returns the taxonomy in display order. Each call returns a fresh copy.
func Taxonomy() TaxonomyDoc {
	return TaxonomyDoc{
		Topics: []Term{
			{string(TopicSexualReproductiveHealth), Label{"Sexual & reproductive health", "Saúde sexual e reprodutiva"}},
			{string(TopicRightsLegalLiteracy), Label{"Sex workers' rights & legal literacy", "Direitos dos profissionais do sexo e literacia jurídica"}},
			{string(TopicSafetyViolenceResponse), Label{"Safety at work & violence response", "Segurança no trabalho e resposta à violência"}},
			{string(TopicPeerOutreach), Label{"Peer-based outreach", "Trabalho de proximidade entre pares"}},
			{string(TopicCounsellingHealthWorkers), Label{"Counselling skills for health workers", "Competências de aconselhamento para profissionais de saúde"}},
			{string(TopicSensitisingHealthWorkers), Label{"Sensitising health workers", "Sensibilização de profissionais de saúde"}},
			{string(TopicSensitisingPolice), Label{"Sensitising police", "Sensibilização da polícia"}},
			{string(TopicAccessToJustice), Label{"Access to justice", "Acesso à justiça"}},
			{string(TopicMinorsYoungAdults), Label{"Working with minors and young adults (service providers)", "Trabalho com menores e jovens adultos (prestadores de serviços)"}},
			{string(TopicLeadershipGovernance), Label{"Leadership & governance", "Liderança e governação"}},
			{string(TopicFinancialSkills), Label{"Financial skills & managing funds", "Competências financeiras e gestão de fundos"}},
			{string(TopicFundraising), Label{"Fundraising", "Angariação de fundos"}},
			{string(TopicMaterialDevelopment), Label{"Material development", "Desenvolvimento de materiais"}},
			{string(TopicTrainingFacilitation), Label{"Training & facilitation skills (training of trainers)", "Competências de formação e facilitação (formação de formadores)"}},
			{string(TopicMonitoringEvaluation), Label{"Monitoring systems (M&E)", "Sistemas de monitoria e avaliação (M&A)"}},
			{string(TopicAdvocacyMedia), Label{"Advocacy & media", "Advocacia e comunicação social"}},
			{string(TopicSafeSpace), Label{"Running a safe space", "Gestão de um espaço seguro"}},
			{string(TopicRegistrationHosting), Label{"Organisational registration & hosting arrangements", "Registo da organização e acordos de acolhimento"}},
			{string(TopicHIVTestingTreatmentCondom), Label{"HIV testing, treatment & condom access", "Testagem e tratamento do HIV e acesso a preservativos"}},
		},
		Formats: []Term{
			{string(FormatOnlineMentoring), Label{"Online mentoring", "Mentoria online"}},
			{string(FormatStudyVisit), Label{"Study visit", "Visita de estudo"}},
			{string(FormatTrainingOfTrainers), Label{"Training of trainers", "Formação de formadores"}},
			{string(FormatSecondment), Label{"Secondment", "Destacamento"}},
		},
		Populations: []Term{
			{string(PopulationFemale), Label{"Female sex workers", "Mulheres profissionais do sexo"}},
			{string(PopulationMale), Label{"Male sex workers", "Homens profissionais do sexo"}},
			{string(PopulationTransgender), Label{"Transgender sex workers", "Profissionais do sexo transgénero"}},
			{string(PopulationYoung), Label{"Young sex workers (18–24)", "Jovens profissionais do sexo (18–24)"}},
			{string(PopulationMigrant), Label{"Migrant sex workers", "Profissionais do sexo migrantes"}},
			{string(PopulationWhoUseDrugs), Label{"Sex workers who use drugs", "Profissionais do sexo que usam drogas"}},
			{string(PopulationLivingWithHIV), Label{"Sex workers living with HIV", "Profissionais do sexo que vivem com HIV"}},
		},
		Stages: []Term{
			{string(StageEstablished), Label{"Established", "Estabelecida"}},
			{string(StageEmerging), Label{"Emerging", "Emergente"}},
		},
		LegalSituations: []Term{
			{string(LegalRegistered), Label{"Registered", "Registada"}},
			{string(LegalHosted), Label{"Hosted by an NGO", "Acolhida por uma ONG"}},
			{string(LegalInformal), Label{"Informal", "Informal"}},
		},
		// Higher is more on both scales, so sorting and scoring read the same way.
		OfferLevels: []Grade{
			{1, Label{"Basic", "Básico"}},
			{2, Label{"Solid", "Sólido"}},
			{3, Label{"Can train trainers", "Pode formar formadores"}},
		},
		NeedPriorities: []Grade{
			{1, Label{"Useful", "Útil"}},
			{2, Label{"Important", "Importante"}},
			{3, Label{"Urgent", "Urgente"}},
		},
	}
}

// known reports whether id is one of the terms.
func known(terms []Term, id string) bool {
	return slices.ContainsFunc(terms, func(t Term) bool { return t.ID == id })
}
