package web

import (
	"context"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/rooms"
)

// Rooms is what the API needs from the rooms service.
type Rooms interface {
	ForUser(ctx context.Context, userID string) (mine, joinable []rooms.Room)
	CreateSpace(ctx context.Context, ownerID, title, about string, access rooms.Access) (rooms.Room, error)
	Join(ctx context.Context, userID, id string) error
	Leave(ctx context.Context, userID, id string) error
	AddMember(ctx context.Context, id, userID string) error
	SetRetention(ctx context.Context, id string, days int) (rooms.Room, error)
}

func inRoom(object, action string) access {
	return access{domain: func(c *fiber.Ctx) string { return "room:" + c.Params("room") }, object: object, action: action}
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
	return c.JSON(fiber.Map{"rooms": mine, "joinable": joinable})
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
	s.Revocations.RoomLeft(c.UserContext(), currentUser(c).ID, c.Params("room"))
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
