package oversight

import (
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
)

// The seeded programme of the known-answer tests: 12 organisations in four countries
// (ZA 6, MZ 3, AO 2, BW 1), 10 requests and 10 exchanges in every state. The answers
// are worked out by hand in dashboard_test.go.

var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func days(n float64) time.Time { return day0.Add(time.Duration(n * 24 * float64(time.Hour))) }

func seedOrg(id, country string, stage org.Stage, status org.Status, capacity int, available bool, offers ...org.Offer) org.Organisation {
	return org.Organisation{ID: id, Status: status, Profile: org.Profile{
		Name: "Org " + id, Country: country, Stage: stage, Capacity: capacity, Available: available, Offers: offers,
	}}
}

func offer(t org.Topic, level int) org.Offer { return org.Offer{Topic: t, Level: level} }

func seedRequest(id, orgID string, state exchange.State, acceptedAfterDays float64, needs ...exchange.Need) exchange.Request {
	return exchange.Request{ID: id, OrgID: orgID, State: state, Created: day0, Updated: days(acceptedAfterDays),
		RequestInput: exchange.RequestInput{Needs: needs}}
}

func need(t org.Topic, priority int) exchange.Need {
	return exchange.Need{Topic: string(t), Priority: priority}
}

func seedExchange(id, requestID, from, to string, state exchange.State) exchange.Exchange {
	return exchange.Exchange{ID: id, RequestID: requestID, RequestOrg: from, MentorOrg: to, State: state,
		Source: exchange.SourceLead, Proposed: day0, Updated: day0}
}

func session(format string, minutes int) exchange.Session {
	return exchange.Session{ID: format, Date: "2026-03-10", DurationMinutes: minutes, Format: format, LoggedBy: "u-secret"}
}

func feedback(usefulness, respect int) *exchange.Feedback {
	return &exchange.Feedback{By: "u-secret", Usefulness: usefulness, Respect: respect, Learned: "secret words"}
}

func seeded() Input {
	const est, em = org.StageEstablished, org.StageEmerging
	const ok = org.StatusApproved
	in := Input{Orgs: []org.Organisation{
		seedOrg("z1", "ZA", est, ok, 3, true, offer(org.TopicPeerOutreach, 3), offer(org.TopicFundraising, 2)),
		seedOrg("z2", "ZA", est, ok, 2, false, offer(org.TopicPeerOutreach, 2)),
		seedOrg("z3", "ZA", em, ok, 0, false),
		seedOrg("z4", "ZA", em, org.StatusPending, 0, false),
		seedOrg("z5", "ZA", em, ok, 0, false),
		seedOrg("z6", "ZA", em, ok, 0, false),
		seedOrg("m1", "MZ", est, ok, 1, true, offer(org.TopicPeerOutreach, 1), offer(org.TopicSafeSpace, 3)),
		seedOrg("m2", "MZ", em, ok, 0, false),
		seedOrg("m3", "MZ", em, org.StatusSuspended, 2, true, offer(org.TopicFundraising, 3)), // suspended: supplies nothing
		seedOrg("a1", "AO", em, ok, 0, false),
		seedOrg("a2", "AO", em, org.StatusRejected, 0, false),
		seedOrg("b1", "BW", est, ok, 2, true, offer(org.TopicSafeSpace, 2)),
	}}
	in.Requests = []exchange.Request{
		seedRequest("r1", "z3", exchange.StateAccepted, 2),
		seedRequest("r2", "m2", exchange.StateAccepted, 6),
		seedRequest("r3", "a1", exchange.StateAccepted, 10),
		seedRequest("r4", "z3", exchange.StateAccepted, 4),
		seedRequest("r5", "a1", exchange.StateOpen, 0, need(org.TopicPeerOutreach, 3), need(org.TopicSafeSpace, 1)),
		seedRequest("r6", "m2", exchange.StateOpen, 0, need(org.TopicPeerOutreach, 2), need(org.TopicFundraising, 3), need(org.TopicRegistrationHosting, 3)),
		seedRequest("r7", "z3", exchange.StateCancelled, 1, need(org.TopicPeerOutreach, 1)), // not open: no demand
		seedRequest("r9", "z5", exchange.StateAccepted, 3),
		seedRequest("r10", "z6", exchange.StateAccepted, 8),
	}
	x1 := seedExchange("x1", "r1", "z3", "z1", exchange.StateCompleted)
	x1.Goals = []exchange.Goal{{ID: "g1", Text: "secret goal", DoneAt: &day0}, {ID: "g2", Text: "another"}}
	x1.Sessions = []exchange.Session{session("online_mentoring", 60), session("online_mentoring", 90)}
	x1.RequesterFeedback, x1.MentorFeedback = feedback(4, 5), feedback(5, 4)
	x1b := seedExchange("x1b", "r1", "z3", "m1", exchange.StateCancelled)
	x1b.Reason = exchange.ReasonWithdrawn
	x2 := seedExchange("x2", "r2", "m2", "z1", exchange.StateActive)
	x2.Goals = []exchange.Goal{{ID: "g3", Text: "g"}}
	x2.Sessions = []exchange.Session{session("study_visit", 240)}
	x2.RequesterFeedback = feedback(3, 4)                               // one side has marked it complete
	x3 := seedExchange("x3", "r3", "a1", "b1", exchange.StateCancelled) // cancelled after acceptance
	x3.Reason = exchange.ReasonSafetyConcern
	x3.Sessions = []exchange.Session{session("online_mentoring", 30)}
	x4 := seedExchange("x4", "r4", "z3", "m1", exchange.StateCompleted)
	x4.Sessions = []exchange.Session{session("training_of_trainers", 120)}
	x4.RequesterFeedback, x4.MentorFeedback = feedback(2, 3), feedback(3, 3)
	x5 := seedExchange("x5", "r5", "a1", "z1", exchange.StateProposed)
	x6 := seedExchange("x6", "r5", "a1", "m1", exchange.StateDeclined)
	x7 := seedExchange("x7", "r6", "m2", "b1", exchange.StateExpired)
	x8 := seedExchange("x8", "r9", "z5", "m1", exchange.StateActive)
	x8.Sessions = []exchange.Session{session("online_mentoring", 45)}
	x9 := seedExchange("x9", "r10", "z6", "b1", exchange.StateActive)
	x9.Sessions = []exchange.Session{session("study_visit", 60)}
	x9.Paused = true
	in.Exchanges = []exchange.Exchange{x1, x1b, x2, x3, x4, x5, x6, x7, x8, x9}
	for i := range in.Exchanges {
		in.Exchanges[i].Proposed = days(float64(i))
	}
	return in
}
