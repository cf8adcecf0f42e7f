package privacy

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/tips"
	"github.com/cascade-platform/cascade/training"
)

// Export is everything Cascade holds about one person, as they can take it with them.
// It names other people's organisations and rooms only as the person already sees them.
type Export struct {
	Exported      time.Time               `json:"exported"`
	Account       ExportAccount           `json:"account"`
	Sessions      []ExportSession         `json:"sessions"`
	Organisations []ExportMembership      `json:"organisations"`
	Rooms         []ExportRoom            `json:"rooms"`
	Messages      []ExportMessage         `json:"messages"`
	Requests      []exchange.Request      `json:"requests"`
	Contributions []ExportContribution    `json:"contributions"`
	Notifications []exchange.Notification `json:"notifications"`
	// Reports the person filed, as the moderation side gives them (absent without it).
	Reports []json.RawMessage `json:"reports,omitempty"`
	// Tips and lessons the person wrote (absent without the tips side).
	Tips []tips.Tip `json:"tips,omitempty"`
	// TrainerNamings are the trainings a lead named the person a trainer of, with their
	// answer (absent without the training side).
	TrainerNamings []training.Named `json:"trainer_namings,omitempty"`
}

// ExportAccount is the account itself.
type ExportAccount struct {
	ID            string    `json:"id"`
	Pseudonym     string    `json:"pseudonym"`
	Created       time.Time `json:"created"`
	PlatformRoles []string  `json:"platform_roles"`
}

// ExportSession is one signed-in device.
type ExportSession struct {
	Device   string    `json:"device"`
	Created  time.Time `json:"created"`
	LastSeen time.Time `json:"last_seen"`
}

// ExportMembership is an organisation the person belongs to and their roles in it.
type ExportMembership struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Status org.Status `json:"status"`
	Roles  []string   `json:"roles"`
}

// ExportRoom is a room the person is in.
type ExportRoom struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	Title         string `json:"title"`
	RetentionDays int    `json:"retention_days"`
}

// ExportMessage is one record the person wrote: a message, or an edit of one.
type ExportMessage struct {
	Room      string     `json:"room"`
	RoomTitle string     `json:"room_title"`
	Seq       int64      `json:"seq"`
	Kind      string     `json:"kind,omitempty"`   // "" (a message), edit or delete
	Target    int64      `json:"target,omitempty"` // the message an edit or delete is about
	Body      string     `json:"body"`
	Sent      time.Time  `json:"sent"`
	Edited    *time.Time `json:"edited,omitempty"`
	Deleted   bool       `json:"deleted,omitempty"`
}

// ExportContribution is what the person wrote into an exchange: feedback, a goal they
// added, a session they logged.
type ExportContribution struct {
	Exchange string             `json:"exchange"`
	Org      string             `json:"org"` // the organisation they wrote it for
	Feedback *exchange.Feedback `json:"feedback,omitempty"`
	Goal     *exchange.Goal     `json:"goal,omitempty"`
	Session  *exchange.Session  `json:"session,omitempty"`
}

// Export gathers everything about userID. Errors: account.ErrNotFound, or a store's.
func (s *Service) Export(ctx context.Context, userID string) (Export, error) {
	u, err := s.cfg.Accounts.User(ctx, userID)
	if err != nil {
		return Export{}, fmt.Errorf("privacy: export: %w", err)
	}
	out := Export{
		Exported: s.cfg.Now().UTC(),
		Account: ExportAccount{ID: u.ID, Pseudonym: u.Pseudonym, Created: u.Created.UTC(),
			PlatformRoles: nonNil(s.cfg.Roles.Roles(userID, org.DomainPlatform))},
		Sessions: []ExportSession{}, Organisations: []ExportMembership{}, Rooms: []ExportRoom{},
		Messages: []ExportMessage{}, Requests: []exchange.Request{}, Contributions: []ExportContribution{},
		Notifications: nonNil(s.cfg.Exchanges.Notifications(ctx, userID)),
	}
	sessions, err := s.cfg.Accounts.Sessions(ctx, userID)
	if err != nil {
		return Export{}, fmt.Errorf("privacy: export: %w", err)
	}
	for _, ss := range sessions {
		out.Sessions = append(out.Sessions, ExportSession{Device: ss.Device, Created: ss.Created.UTC(), LastSeen: ss.LastSeen.UTC()})
	}
	for _, m := range s.cfg.Orgs.OrganisationsOf(ctx, userID) {
		out.Organisations = append(out.Organisations, ExportMembership{ID: m.Org.ID, Name: m.Org.Profile.Name, Status: m.Org.Status, Roles: m.Roles})
		for _, r := range s.cfg.Exchanges.Requests(ctx, m.Org.ID) {
			if r.CreatedBy == userID {
				out.Requests = append(out.Requests, r)
			}
		}
		for _, x := range s.cfg.Exchanges.Exchanges(ctx, m.Org.ID) {
			out.Contributions = append(out.Contributions, contributions(x, m.Org.ID, userID)...)
		}
	}
	mine, _ := s.cfg.Rooms.ForUser(ctx, userID)
	titles := map[string]string{}
	for _, r := range mine {
		out.Rooms = append(out.Rooms, ExportRoom{ID: r.ID, Kind: string(r.Kind), Title: r.Title, RetentionDays: r.RetentionDays})
		titles[r.ID] = r.Title
	}
	msgs, err := s.cfg.Store.MessagesBy(ctx, userID)
	if err != nil {
		return Export{}, fmt.Errorf("privacy: export: %w", err)
	}
	for _, m := range msgs {
		title, ok := titles[m.Room]
		if !ok { // a room they left: its name is still theirs to know
			if r, err := s.cfg.Rooms.Get(ctx, m.Room); err == nil {
				title = r.Title
			}
			titles[m.Room] = title
		}
		e := ExportMessage{Room: m.Room, RoomTitle: title, Seq: m.Seq, Kind: m.Kind, Target: m.Target,
			Body: m.Body, Sent: m.Sent.UTC(), Deleted: m.Deleted}
		if !m.Edited.IsZero() {
			e.Edited = new(m.Edited.UTC())
		}
		out.Messages = append(out.Messages, e)
	}
	if s.cfg.Moderation != nil {
		if out.Reports, err = s.cfg.Moderation.ReportsBy(ctx, userID); err != nil {
			return Export{}, fmt.Errorf("privacy: export: %w", err)
		}
		out.Reports = nonNil(out.Reports)
	}
	if s.cfg.Tips != nil {
		out.Tips = s.cfg.Tips.WrittenBy(ctx, userID)
	}
	if s.cfg.Trainings != nil {
		if out.TrainerNamings, err = s.cfg.Trainings.NamedIn(ctx, userID); err != nil {
			return Export{}, fmt.Errorf("privacy: export: %w", err)
		}
	}
	slices.SortFunc(out.Messages, func(a, b ExportMessage) int {
		return cmp.Or(cmp.Compare(a.RoomTitle, b.RoomTitle), cmp.Compare(a.Room, b.Room), cmp.Compare(a.Seq, b.Seq))
	})
	return out, nil
}

// contributions returns what userID wrote into x for orgID.
func contributions(x exchange.Exchange, orgID, userID string) []ExportContribution {
	var out []ExportContribution
	for _, f := range []*exchange.Feedback{x.RequesterFeedback, x.MentorFeedback} {
		if f != nil && f.By == userID {
			out = append(out, ExportContribution{Exchange: x.ID, Org: orgID, Feedback: f})
		}
	}
	for _, g := range x.Goals {
		if g.AddedBy == userID {
			out = append(out, ExportContribution{Exchange: x.ID, Org: orgID, Goal: &g})
		}
	}
	for _, ss := range x.Sessions {
		if ss.LoggedBy == userID {
			out = append(out, ExportContribution{Exchange: x.ID, Org: orgID, Session: &ss})
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
