package tips

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/cascade-platform/cascade/org"
)

// PageSize is how many tips one page of a list holds.
const PageSize = 20

// Viewer is who reads: a user and the organisations they belong to, each with whether
// they lead it, and those where they may write (lead or mentor), for the edit control on
// their own organisation's tips.
type Viewer struct {
	User   string
	Orgs   map[string]bool // organisation id → leads it
	Writes map[string]bool // organisation ids where they lead or mentor
}

// OrgRef names an organisation.
type OrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// View is a tip as one viewer reads it. An outsider reading an unnamed tip gets no
// organisation, exchange or author, and only the month it was written: nothing that
// singles out who wrote it. The writing organisation's own people see it all, with the
// edit control where they may edit.
type View struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Topics   []string `json:"topics"`
	Month    string   `json:"month"` // YYYY-MM
	Named    bool     `json:"named"`
	Org      *OrgRef  `json:"org"`                // null for an outsider reading an unnamed tip
	Exchange string   `json:"exchange,omitempty"` // the writing organisation's people only
	Own      bool     `json:"own"`                // written by the viewer's organisation
	CanEdit  bool     `json:"can_edit"`           // the author, or a lead of the organisation
}

// Page is one page of tips, newest first.
type Page struct {
	Tips []View `json:"tips"`
	More bool   `json:"more"` // another page follows
}

// List returns page (from 1) of the readable tips on topic ("" for every topic), newest
// first. Errors: ErrInvalid (an unknown topic or a page below 1).
func (s *Service) List(ctx context.Context, v Viewer, topic string, page int) (Page, error) {
	if topic != "" && !slices.Contains(s.topics, topic) {
		return Page{}, &ValidationError{Field: "topic", Code: CodeTopics, Msg: "not a topic of the taxonomy"}
	}
	if page < 1 {
		return Page{}, &ValidationError{Field: "page", Code: "invalid_page", Msg: "pages count from 1"}
	}
	if err := s.sync(ctx, false); err != nil {
		return Page{}, err
	}
	list := s.readable(ctx, func(t Tip) bool { return topic == "" || slices.Contains(t.Topics, topic) })
	from := min((page-1)*PageSize, len(list))
	to := min(from+PageSize, len(list))
	out := Page{Tips: make([]View, 0, to-from), More: to < len(list)}
	for _, t := range list[from:to] {
		out.Tips = append(out.Tips, s.view(ctx, v, t))
	}
	return out, nil
}

// Get returns tip id as v reads it. Errors: ErrNotFound (also when its organisation is
// not approved).
func (s *Service) Get(ctx context.Context, v Viewer, id string) (View, error) {
	t, err := s.Readable(ctx, id)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, v, t), nil
}

// Readable returns tip id if readers may see it: its organisation is approved. Errors:
// ErrNotFound.
func (s *Service) Readable(ctx context.Context, id string) (Tip, error) {
	if err := s.sync(ctx, false); err != nil {
		return Tip{}, err
	}
	t, err := s.tip(id)
	if err != nil {
		return Tip{}, err
	}
	if !s.approved(ctx, t.Org) {
		return Tip{}, fmt.Errorf("tips: %s: %w", id, ErrNotFound)
	}
	return t, nil
}

// OfExchange returns the readable tips written about an exchange orgID is a party to,
// newest first. Errors: ErrNotFound (no such exchange of orgID).
func (s *Service) OfExchange(ctx context.Context, v Viewer, orgID, exchangeID string) ([]View, error) {
	if _, err := s.xs.Exchange(ctx, orgID, exchangeID); err != nil {
		return nil, fmt.Errorf("tips: exchange %s: %w", exchangeID, ErrNotFound)
	}
	if err := s.sync(ctx, false); err != nil {
		return nil, err
	}
	out := []View{}
	for _, t := range s.readable(ctx, func(t Tip) bool { return t.Exchange == exchangeID }) {
		out = append(out, s.view(ctx, v, t))
	}
	return out, nil
}

// readable returns the tips that match keep and whose organisation is approved, newest first.
func (s *Service) readable(ctx context.Context, keep func(Tip) bool) []Tip {
	var list []Tip
	s.mu.RLock()
	for _, t := range s.tips {
		if keep(t) {
			list = append(list, t.clone())
		}
	}
	s.mu.RUnlock()
	standing := map[string]bool{}
	list = slices.DeleteFunc(list, func(t Tip) bool {
		ok, seen := standing[t.Org]
		if !seen {
			ok = s.approved(ctx, t.Org)
			standing[t.Org] = ok
		}
		return !ok
	})
	slices.SortFunc(list, func(a, b Tip) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.ID, b.ID)) })
	return list
}

func (s *Service) approved(ctx context.Context, orgID string) bool {
	o, err := s.orgs.Get(ctx, orgID)
	return err == nil && o.Status == org.StatusApproved
}

// view is t as v reads it.
func (s *Service) view(ctx context.Context, v Viewer, t Tip) View {
	lead, own := v.Orgs[t.Org]
	out := View{ID: t.ID, Title: t.Title, Body: t.Body, Topics: t.Topics, Month: t.Created.UTC().Format("2006-01"),
		Named: t.Named, Own: own, CanEdit: own && (lead || (v.Writes[t.Org] && v.User != "" && t.Author == v.User))}
	if own {
		out.Exchange = t.Exchange
	}
	if own || t.Named {
		ref := &OrgRef{ID: t.Org}
		if o, err := s.orgs.Get(ctx, t.Org); err == nil {
			ref.Name = o.Profile.Name
		}
		out.Org = ref
	}
	return out
}
