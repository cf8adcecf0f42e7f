package web

import (
	"context"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
)

// Rooms is what the API needs from the rooms service.
// Membership changes announce themselves (closing sockets, telling rosters): handlers
// only call the service.
type Rooms interface {
	// Allowed decides the room routes: who is in an exchange room is derived.
	Allowed(userID, dom, obj, act string) (bool, error)
	ForUser(ctx context.Context, userID string) (mine, joinable []rooms.Room)
	CreateSpace(ctx context.Context, ownerID, title, about string, access rooms.Access) (rooms.Room, error)
	Join(ctx context.Context, userID, id string) error
	Leave(ctx context.Context, userID, id string) error
	AddMember(ctx context.Context, id, userID string) error
	RemoveMember(ctx context.Context, id, userID string) error
	Members(ctx context.Context, id string) ([]rooms.Member, error)
	SetRetention(ctx context.Context, id string, days int) (rooms.Room, error)
}

func inRoom(object, action string) access {
	return access{room: true, domain: func(c *fiber.Ctx) string { return "room:" + c.Params("room") }, object: object, action: action}
}

// listRooms lists the caller's rooms and the spaces they may join: none unless the join
// route would let them in (only members of an approved organisation join spaces).
func (s *server) listRooms(c *fiber.Ctx) error {
	user := currentUser(c).ID
	mine, joinable := s.Rooms.ForUser(c.UserContext(), user)
	may, err := s.authz.Allowed(user, domainPlatform, "spaces", "join")
	if err != nil {
		return err
	}
	if !may {
		joinable = []rooms.Room{}
	}
	entries := make([]myRoom, 0, len(mine))
	for _, r := range mine {
		write, err := s.Rooms.Allowed(user, "room:"+r.ID, "messages", "write")
		if err != nil {
			return err
		}
		entries = append(entries, myRoom{Room: r, ReadOnly: !write})
	}
	return c.JSON(fiber.Map{"rooms": entries, "joinable": joinable})
}

// myRoom is one of the caller's rooms, with whether they may write in it: an exchange
// room is read-only once its exchange has ended or while it is paused, so a client
// can say so before anyone types.
type myRoom struct {
	rooms.Room
	ReadOnly bool `json:"read_only"`
}

// createSpace lets admins and the leads of approved organisations open a community space.
func (s *server) createSpace(c *fiber.Ctx) error {
	var in struct {
		Title  string       `json:"title"`
		About  string       `json:"about"`
		Access rooms.Access `json:"access"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	user := currentUser(c)
	if !slices.Contains(s.authz.Roles(user.ID, domainPlatform), "admin") && !s.leadsApprovedOrg(c, user.ID) {
		return errorf(fiber.StatusForbidden, "leads_only", "only organisation leads and admins open community spaces")
	}
	r, err := s.Rooms.CreateSpace(c.UserContext(), user.ID, in.Title, in.About, in.Access)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(r)
}

func (s *server) leadsApprovedOrg(c *fiber.Ctx, userID string) bool {
	for _, m := range s.orgs.OrganisationsOf(c.UserContext(), userID) {
		if m.Org.Status == org.StatusApproved && slices.Contains(m.Roles, org.RoleLead) {
			return true
		}
	}
	return false
}

func (s *server) joinRoom(c *fiber.Ctx) error {
	if err := s.Rooms.Join(c.UserContext(), currentUser(c).ID, c.Params("room")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) leaveRoom(c *fiber.Ctx) error {
	if err := s.Rooms.Leave(c.UserContext(), currentUser(c).ID, c.Params("room")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) addRoomMember(c *fiber.Ctx) error {
	var in struct {
		UserID string `json:"user_id"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if _, err := s.accounts.User(c.UserContext(), in.UserID); err != nil {
		return err
	}
	if err := s.Rooms.AddMember(c.UserContext(), c.Params("room"), in.UserID); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *server) removeRoomMember(c *fiber.Ctx) error {
	if err := s.Rooms.RemoveMember(c.UserContext(), c.Params("room"), c.Params("user")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// roomMemberView is one person as the room's members see them: nothing beyond what they
// already share there (the pseudonym that signs their messages, the organisation that
// brought them, their role in the room).
type roomMemberView struct {
	UserID       string `json:"user_id"`
	Pseudonym    string `json:"pseudonym"`
	Organisation string `json:"organisation,omitempty"`
	Role         string `json:"role"`
	// Moderates: an owner or a room moderator, who handles the room's reports.
	Moderates bool `json:"moderates"`
}

func (s *server) roomMembers(c *fiber.Ctx) error {
	ctx := c.UserContext()
	ms, err := s.Rooms.Members(ctx, c.Params("room"))
	if err != nil {
		return err
	}
	out := make([]roomMemberView, 0, len(ms))
	for _, m := range ms {
		u, err := s.accounts.User(ctx, m.UserID)
		if err != nil || u.Disabled {
			continue // deleted or disabled meanwhile
		}
		moderates, err := s.Rooms.Allowed(m.UserID, "room:"+c.Params("room"), "reports", "handle")
		if err != nil {
			return err
		}
		out = append(out, roomMemberView{UserID: m.UserID, Pseudonym: u.Pseudonym, Organisation: s.orgName(c, m), Role: m.Role, Moderates: moderates})
	}
	return c.JSON(fiber.Map{"members": out})
}

// orgName is the organisation that brings m into the room: for an exchange room the
// party; in a space, their first approved organisation by name.
func (s *server) orgName(c *fiber.Ctx, m rooms.Member) string {
	if m.Org != "" {
		if o, err := s.orgs.Get(c.UserContext(), m.Org); err == nil {
			return o.Profile.Name
		}
		return ""
	}
	for _, ms := range s.orgs.OrganisationsOf(c.UserContext(), m.UserID) {
		if ms.Org.Status == org.StatusApproved {
			return ms.Org.Profile.Name
		}
	}
	return ""
}

func (s *server) setRetention(c *fiber.Ctx) error {
	var in struct {
		Days int `json:"days"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	r, err := s.Rooms.SetRetention(c.UserContext(), c.Params("room"), in.Days)
	if err != nil {
		return err
	}
	return c.JSON(r)
}
