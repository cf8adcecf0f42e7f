package web

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/cascade-platform/cascade/account"
	"github.com/cascade-platform/cascade/exchange"
	"github.com/cascade-platform/cascade/library"
	"github.com/cascade-platform/cascade/moderation"
	"github.com/cascade-platform/cascade/org"
	"github.com/cascade-platform/cascade/privacy"
	"github.com/cascade-platform/cascade/rooms"
	"github.com/cascade-platform/cascade/sanitize"
	"github.com/cascade-platform/cascade/tips"
	"github.com/cascade-platform/cascade/training"
)

// apiError is an answer the handlers decide themselves: a status, a stable
// machine-readable code and a message meant for people.
type apiError struct {
	status  int
	code    string
	message string
	field   string // the JSON field at fault, if one is
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(status int, code, format string, args ...any) error {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// errNotFound answers both a missing object and one the caller may not see,
// so that a 404 never tells whether something exists.
var errNotFound = &apiError{status: fiber.StatusNotFound, code: "not_found", message: "nothing here"}

// errorBody is the one error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// classify is the one place where an error becomes an HTTP status.
func classify(err error) (int, errorDetail) {
	var (
		api          *apiError
		throttled    *account.ThrottledError
		invalid      *org.ValidationError
		xInvalid     *exchange.ValidationError
		notCandidate *exchange.NotCandidateError
		fe           *fiber.Error
		mInvalid     *moderation.ValidationError
		tipInvalid   *tips.ValidationError
		trInvalid    *training.ValidationError
		lInvalid     *library.ValidationError
	)
	switch {
	case errors.As(err, &api):
		return api.status, errorDetail{Code: api.code, Message: api.message, Field: api.field}
	case errors.As(err, &throttled):
		return fiber.StatusTooManyRequests, errorDetail{Code: "too_many_attempts", Message: "too many attempts; try again later"}
	case errors.Is(err, account.ErrInvalidCredentials):
		return fiber.StatusUnauthorized, errorDetail{Code: "invalid_credentials", Message: "pseudonym or password is wrong"}
	case errors.Is(err, account.ErrUnauthenticated):
		return fiber.StatusUnauthorized, errorDetail{Code: "unauthenticated", Message: "please sign in"}
	case errors.Is(err, account.ErrInvalidPseudonym), errors.Is(err, account.ErrReservedPseudonym):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_pseudonym", Message: err.Error(), Field: "pseudonym"}
	case errors.Is(err, account.ErrWeakPassword):
		return fiber.StatusBadRequest, errorDetail{Code: "weak_password", Message: err.Error(), Field: "password"}
	case errors.Is(err, account.ErrPseudonymTaken):
		return fiber.StatusConflict, errorDetail{Code: "pseudonym_taken", Message: "that pseudonym is taken; choose another", Field: "pseudonym"}
	case errors.Is(err, account.ErrInvalidRecoveryCode):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_recovery_code", Message: "that recovery code does not work"}
	case errors.As(err, &invalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_profile", Message: invalid.Error(), Field: invalid.Field}
	case errors.Is(err, org.ErrInviteInvalid):
		return fiber.StatusNotFound, errorDetail{Code: "invite_invalid", Message: "this invitation is not valid: it may have expired or been used"}
	case errors.Is(err, org.ErrConflict):
		return fiber.StatusConflict, errorDetail{Code: "conflict", Message: err.Error()}
	case errors.As(err, &xInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_input", Message: xInvalid.Error(), Field: xInvalid.Field}
	case errors.As(err, &notCandidate):
		return fiber.StatusConflict, errorDetail{Code: "not_a_candidate", Message: "that organisation cannot take this request: " + notCandidate.Reason}
	case errors.Is(err, exchange.ErrNoCapacity):
		return fiber.StatusConflict, errorDetail{Code: "no_capacity", Message: "your organisation has no free place for another exchange"}
	case errors.Is(err, exchange.ErrOpenRequestLimit):
		return fiber.StatusConflict, errorDetail{Code: "open_request_limit", Message: "an organisation can have at most 5 open requests"}
	case errors.Is(err, exchange.ErrRequestAccepted):
		return fiber.StatusConflict, errorDetail{Code: "request_accepted", Message: "this request has an exchange: cancel the exchange instead"}
	case errors.Is(err, exchange.ErrInvalidTransition):
		return fiber.StatusConflict, errorDetail{Code: "invalid_state", Message: "this cannot be done in the current state"}
	case errors.Is(err, exchange.ErrPaused):
		return fiber.StatusConflict, errorDetail{Code: "exchange_paused", Message: "this exchange is paused while one of its organisations is suspended"}
	case errors.Is(err, exchange.ErrNoHost):
		return fiber.StatusConflict, errorDetail{Code: "no_confirmed_host", Message: "your organisation has no confirmed host on Cascade to bring in"}
	case errors.Is(err, exchange.ErrDuplicate):
		return fiber.StatusConflict, errorDetail{Code: "already_done", Message: "this has been done already"}
	case errors.Is(err, account.ErrNotFound), errors.Is(err, org.ErrNotFound), errors.Is(err, exchange.ErrNotFound), errors.Is(err, exchange.ErrNotAllowed):
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.Is(err, rooms.ErrInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_room", Message: err.Error()}
	case errors.Is(err, rooms.ErrDerived):
		return fiber.StatusConflict, errorDetail{Code: "membership_derived", Message: "their place in this room follows from their role in their organisation"}
	case errors.Is(err, rooms.ErrNotFound), errors.Is(err, rooms.ErrClosed), errors.Is(err, rooms.ErrNotParty):
		// A room one may not join answers as if it did not exist: a 403 would confirm
		// that an invite-only space or another organisation's exchange room is there.
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.As(err, &mInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_input", Message: mInvalid.Error(), Field: mInvalid.Field}
	case errors.Is(err, moderation.ErrConflict):
		return fiber.StatusConflict, errorDetail{Code: "conflict", Message: err.Error()}
	case errors.Is(err, moderation.ErrNotFound):
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.Is(err, privacy.ErrLinkInvalid):
		return fiber.StatusNotFound, errorDetail{Code: "export_link_invalid", Message: "this download link is not valid: it may have expired or been used"}
	case errors.Is(err, privacy.ErrLastLead):
		return fiber.StatusConflict, errorDetail{Code: "last_lead", Message: "you lead an organisation alone: name another lead or offboard the organisation first"}
	case errors.Is(err, privacy.ErrLastAdmin):
		return fiber.StatusConflict, errorDetail{Code: "last_admin", Message: "you are the only admin: make someone else an admin first"}
	case errors.Is(err, privacy.ErrInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_input", Message: err.Error(), Field: "messages"}
	case errors.As(err, &tipInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: tipInvalid.Code, Message: tipInvalid.Error(), Field: tipInvalid.Field}
	case errors.As(err, &trInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: trInvalid.Code, Message: trInvalid.Error(), Field: trInvalid.Field}
	case errors.Is(err, tips.ErrNotCompleted):
		return fiber.StatusConflict, errorDetail{Code: "exchange_not_completed", Message: "tips are written once the exchange is completed"}
	case errors.Is(err, tips.ErrNotFound):
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.Is(err, training.ErrNotFound):
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.Is(err, training.ErrNotRunning):
		return fiber.StatusConflict, errorDetail{Code: "exchange_not_running", Message: "trainings are recorded while the exchange is under way"}
	case errors.Is(err, sanitize.ErrUnsupported):
		return fiber.StatusUnsupportedMediaType, errorDetail{Code: "unsupported_file", Message: "the library takes PDF, DOCX, ODT, JPEG and PNG files", Field: "file"}
	case errors.Is(err, sanitize.ErrMalformed):
		return fiber.StatusBadRequest, errorDetail{Code: "malformed_file", Message: "the file could not be read as what it claims to be", Field: "file"}
	case errors.Is(err, sanitize.ErrTooLarge):
		return errFileTooLarge.status, errorDetail{Code: errFileTooLarge.code, Message: errFileTooLarge.message, Field: "file"}
	case errors.As(err, &lInvalid):
		return fiber.StatusBadRequest, errorDetail{Code: "invalid_input", Message: lInvalid.Error(), Field: lInvalid.Field}
	case errors.Is(err, library.ErrNotFound):
		return fiber.StatusNotFound, errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case errors.Is(err, library.ErrNotAllowed):
		return fiber.StatusForbidden, errorDetail{Code: "not_allowed", Message: "you may not do this with this resource or organisation"}
	case errors.Is(err, library.ErrQuotaExceeded):
		return fiber.StatusRequestEntityTooLarge, errorDetail{Code: "quota_exceeded", Message: "the organisation's library is full"}
	case errors.As(err, &fe):
		return fe.Code, fiberDetail(fe)
	}
	return fiber.StatusInternalServerError, errorDetail{Code: "internal", Message: "something went wrong on our side"}
}

// fiberDetail names the errors fiber and fasthttp raise before a handler runs.
func fiberDetail(fe *fiber.Error) errorDetail {
	switch fe.Code {
	case fiber.StatusRequestEntityTooLarge:
		return errorDetail{Code: "body_too_large", Message: "the request body is too large"}
	case fiber.StatusNotFound:
		return errorDetail{Code: errNotFound.code, Message: errNotFound.message}
	case fiber.StatusMethodNotAllowed:
		return errorDetail{Code: "method_not_allowed", Message: "this method is not allowed here"}
	case fiber.StatusRequestTimeout:
		return errorDetail{Code: "timeout", Message: "the request took too long"}
	}
	return errorDetail{Code: "bad_request", Message: "the request could not be read"}
}

// errorHandler writes every error in the one shape; it also covers errors raised
// before any middleware ran (body too large), so it sets the security headers itself.
func errorHandler(log *slog.Logger, origin string) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		status, detail := classify(err)
		if status >= 500 {
			log.ErrorContext(c.UserContext(), "request failed", "method", c.Method(), "route", routeOf(c), "err", err)
		}
		var throttled *account.ThrottledError
		if errors.As(err, &throttled) {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retrySeconds(throttled)))
		}
		setSecurityHeaders(c, origin)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(status).JSON(errorBody{Error: detail})
	}
}

func retrySeconds(t *account.ThrottledError) int {
	s := int((t.RetryAfter + 999_999_999) / 1_000_000_000)
	return max(s, 1)
}

// routeOf names the route pattern, never the concrete path (it may hold tokens).
func routeOf(c *fiber.Ctx) string {
	if r := c.Route(); r != nil && r.Path != "" && r.Path != "/" {
		return r.Path
	}
	return "unmatched"
}
