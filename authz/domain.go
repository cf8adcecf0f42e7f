package authz

import (
	"errors"
	"fmt"
	"strings"
)

// Platform is the domain of platform-wide roles and objects.
const Platform = "platform"

// Role names. Platform roles are held in Platform; organisation roles in an OrgDomain;
// room roles in a RoomDomain. Grant refuses a role in a domain of another kind.
const (
	RoleUser        = "user"        // platform: every account
	RoleParticipant = "participant" // platform: member of at least one approved organisation
	RoleAdmin       = "admin"       // platform
	RoleModerator   = "moderator"   // platform
	RoleLead        = "lead"        // organisation
	RoleMember      = "member"      // organisation and room
	RoleMentor      = "mentor"      // organisation
	RoleContributor = "contributor" // organisation: adds resources to the training library
	RoleOwner       = "owner"       // room
	RoleRoomMod     = "roommod"     // room; not "moderator", which is the platform role
	RoleMuted       = "muted"       // room: may read, may not write
	RoleBanned      = "banned"      // room: may neither read nor write
)

// ErrInvalid reports a malformed user id, domain or role, or a role in a domain of
// the wrong kind. It signals a programming error in the caller.
var ErrInvalid = errors.New("authz: invalid argument")

const (
	subjectPrefix = "u:"
	orgPrefix     = "org:"
	roomPrefix    = "room:"
	maxIDLen      = 128
)

// Subject is the casbin subject of a user. The prefix keeps a user id from ever
// equalling a role name, which casbin would treat as holding that role.
func Subject(userID string) string { return subjectPrefix + userID }

// OrgDomain is the domain of an organisation.
func OrgDomain(orgID string) string { return orgPrefix + orgID }

// RoomDomain is the domain of a room.
func RoomDomain(roomID string) string { return roomPrefix + roomID }

type kind int

const (
	kindNone kind = iota
	kindPlatform
	kindOrg
	kindRoom
)

// roleKind says in which kind of domain a role may be held. RoleMember is both an
// organisation and a room role; the caller decides by the domain.
func roleKind(role string, dom kind) kind {
	switch role {
	case RoleUser, RoleParticipant, RoleAdmin, RoleModerator:
		return kindPlatform
	case RoleLead, RoleMentor, RoleContributor:
		return kindOrg
	case RoleMember:
		if dom == kindRoom {
			return kindRoom
		}
		return kindOrg
	case RoleOwner, RoleRoomMod, RoleMuted, RoleBanned:
		return kindRoom
	}
	return kindNone
}

// domainKind classifies dom, or returns an error wrapping ErrInvalid.
func domainKind(dom string) (kind, error) {
	if dom == Platform {
		return kindPlatform, nil
	}
	for _, c := range []struct {
		prefix string
		k      kind
	}{{orgPrefix, kindOrg}, {roomPrefix, kindRoom}} {
		if id, ok := strings.CutPrefix(dom, c.prefix); ok {
			if err := checkID(id); err != nil {
				return kindNone, fmt.Errorf("%w: domain %q: %v", ErrInvalid, dom, err)
			}
			return c.k, nil
		}
	}
	return kindNone, fmt.Errorf("%w: domain %q", ErrInvalid, dom)
}

// checkUser validates a user id.
func checkUser(userID string) error {
	if err := checkID(userID); err != nil {
		return fmt.Errorf("%w: user id: %v", ErrInvalid, err)
	}
	return nil
}

// checkID refuses ids that could alter a decision: glob characters (the domain is
// matched with globMatch), commas (casbin keys a rule by its fields joined with ", ")
// and control or space characters.
func checkID(id string) error {
	if id == "" {
		return errors.New("empty")
	}
	if len(id) > maxIDLen {
		return errors.New("too long")
	}
	for _, r := range id {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(",*?[]{}\\", r) {
			return fmt.Errorf("character %q not allowed", r)
		}
	}
	return nil
}

// grantRule returns the casbin ptype and rule for a grant, checking every part.
func grantRule(userID, role, dom string) (ptype string, rule []string, err error) {
	if err := checkUser(userID); err != nil {
		return "", nil, err
	}
	k, err := domainKind(dom)
	if err != nil {
		return "", nil, err
	}
	if roleKind(role, k) != k {
		return "", nil, fmt.Errorf("%w: role %q cannot be held in %q", ErrInvalid, role, dom)
	}
	if k == kindPlatform {
		return "g2", []string{Subject(userID), role}, nil
	}
	return "g", []string{Subject(userID), role, dom}, nil
}

// checkRule validates a stored g or g2 line, so that a bad row in the database
// cannot grant a role chain (a subject that is a role) or a role out of its domain.
func checkRule(ptype string, rule []string) error {
	var dom string
	switch {
	case ptype == "g2" && len(rule) == 2:
		dom = Platform
	case ptype == "g" && len(rule) == 3 && rule[2] != Platform:
		dom = rule[2]
	default:
		return fmt.Errorf("%w: stored %s line %q", ErrInvalid, ptype, rule)
	}
	userID, ok := strings.CutPrefix(rule[0], subjectPrefix)
	if !ok {
		return fmt.Errorf("%w: stored %s line %q: subject is not a user", ErrInvalid, ptype, rule)
	}
	if _, _, err := grantRule(userID, rule[1], dom); err != nil {
		return fmt.Errorf("stored %s line %q: %w", ptype, rule, err)
	}
	return nil
}
