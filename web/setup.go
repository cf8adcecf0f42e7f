package web

import (
	"crypto/rand"
	"crypto/subtle"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// SetupToken is the one-time secret that lets the first admin be created from
// the link printed in the terminal. It lives only in memory: a restart prints a new one.
type SetupToken struct {
	mu    sync.Mutex
	value string
	state setupState
}

type setupState int

const (
	setupOpen setupState = iota
	setupClaimed
	setupDone
)

// NewSetupToken makes a fresh random token.
func NewSetupToken() *SetupToken { return &SetupToken{value: rand.Text()} }

// Value is the secret, for the link printed in the terminal.
func (t *SetupToken) Value() string { return t.value }

// claim takes the token for one attempt; concurrent attempts see it taken.
func (t *SetupToken) claim(candidate string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state != setupOpen || subtle.ConstantTimeCompare([]byte(candidate), []byte(t.value)) != 1 {
		return false
	}
	t.state = setupClaimed
	return true
}

func (t *SetupToken) finish(ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ok {
		t.state = setupDone
	} else {
		t.state = setupOpen
	}
}

func (t *SetupToken) needed() bool {
	if t == nil {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state != setupDone
}

func (s *server) setupStatus(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"needed": s.Setup.needed()})
}

var errSetupInvalid = &apiError{status: fiber.StatusNotFound, code: "setup_invalid", message: "this setup link is not valid or was already used"}

// setup creates the first platform admin with the one-time token.
func (s *server) setup(c *fiber.Ctx) error {
	var in struct {
		Token     string `json:"token"`
		Pseudonym string `json:"pseudonym"`
		Password  string `json:"password"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if s.Setup == nil || !s.Setup.claim(in.Token) {
		return errSetupInvalid
	}
	user, codes, err := s.accounts.Register(c.UserContext(), in.Pseudonym, in.Password)
	if err == nil {
		err = s.authz.Grant(user.ID, "admin", domainPlatform)
	}
	s.Setup.finish(err == nil)
	if err != nil {
		return err
	}
	s.log.InfoContext(c.UserContext(), "first admin created")
	return s.signIn(c, user.ID, fiber.Map{"recovery_codes": codes})
}
