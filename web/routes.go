package web

import "github.com/gofiber/fiber/v2"

// route is one entry of the HTTP surface: nothing is served without its access decision.
type route struct {
	method string
	path   string
	access access
	handle fiber.Handler
}

// routes is the whole API in one list; docs/openapi.yaml describes exactly these
// (a test compares the two).
func (s *server) routes() []route {
	get, post, put, del := fiber.MethodGet, fiber.MethodPost, fiber.MethodPut, fiber.MethodDelete
	return s.withAudit([]route{
		{get, "/healthz", public(), s.healthz},
		{get, "/readyz", public(), s.readyz},
		{get, "/api/v1/openapi.yaml", public(), s.openapi},
		{get, "/api/v1/taxonomy", public(), s.taxonomy},

		{get, "/api/v1/setup", public(), s.setupStatus},
		{post, "/api/v1/setup", public(), s.setup},
		{post, "/api/v1/auth/login", public(), s.login},
		{post, "/api/v1/auth/recover", public(), s.recover},
		{post, "/api/v1/applications", public(), s.apply},
		{post, "/api/v1/invites/peek", public(), s.peekInvite},
		{post, "/api/v1/invites/accept", public(), s.acceptInvite},

		{post, "/api/v1/auth/logout", onPlatform("self", "manage"), s.logout},
		{get, "/api/v1/me", onPlatform("self", "manage"), s.me},
		{get, "/ws", onPlatform("self", "manage"), s.websocket},
		{get, "/api/v1/rooms", onPlatform("self", "manage"), s.listRooms},
		{post, "/api/v1/rooms", onPlatform("spaces", "create"), s.createSpace},
		{post, "/api/v1/rooms/:room/join", onPlatform("spaces", "join"), s.joinRoom},
		{post, "/api/v1/rooms/:room/leave", inRoom("messages", "read"), s.leaveRoom},
		{get, "/api/v1/rooms/:room/members", inRoom("messages", "read"), s.roomMembers},
		{post, "/api/v1/rooms/:room/members", inRoom("room", "manage"), s.addRoomMember},
		{del, "/api/v1/rooms/:room/members/:user", inRoom("room", "manage"), s.removeRoomMember},
		{put, "/api/v1/rooms/:room/retention", inRoom("room", "manage"), s.setRetention},
		{get, "/api/v1/me/sessions", onPlatform("self", "manage"), s.sessions},
		{del, "/api/v1/me/sessions/:id", onPlatform("self", "manage"), s.revokeSession},
		{post, "/api/v1/me/password", onPlatform("self", "manage"), s.changePassword},

		{get, "/api/v1/directory", onPlatform("directory", "read"), s.directory},

		{get, "/api/v1/orgs/:org", inOrg("profile", "read"), s.organisation},
		{put, "/api/v1/orgs/:org/profile", inOrg("profile", "update"), s.updateProfile},
		{get, "/api/v1/orgs/:org/members", inOrg("members", "read"), s.members},
		{del, "/api/v1/orgs/:org/members/:user", inOrg("members", "manage"), s.removeMember},
		{post, "/api/v1/orgs/:org/leave", inOrg("profile", "read"), s.leaveOrg},
		{put, "/api/v1/orgs/:org/mentors/:user", inOrg("members", "manage"), s.setMentor(true)},
		{del, "/api/v1/orgs/:org/mentors/:user", inOrg("members", "manage"), s.setMentor(false)},
		{get, "/api/v1/orgs/:org/invites", inOrg("invites", "manage"), s.invites},
		{post, "/api/v1/orgs/:org/invites", inOrg("invites", "manage"), s.createInvite},
		{del, "/api/v1/orgs/:org/invites/:id", inOrg("invites", "manage"), s.revokeInvite},

		{get, "/api/v1/admin/organisations", onPlatform("applications", "review"), s.adminOrganisations},
		{get, "/api/v1/admin/organisations/:org", onPlatform("applications", "review"), s.adminOrganisation},
		{post, "/api/v1/admin/organisations/:org/approve", onPlatform("applications", "review"), s.approve},
		{post, "/api/v1/admin/organisations/:org/reject", onPlatform("applications", "review"), s.reject},
		{post, "/api/v1/admin/organisations/:org/suspend", onPlatform("applications", "review"), s.suspend},
		{post, "/api/v1/admin/users/:user/disable", onPlatform("accounts", "disable"), s.disableUser},
		{post, "/api/v1/admin/users/:user/enable", onPlatform("accounts", "disable"), s.enableUser},

		{get, "/api/v1/me/notifications", onPlatform("self", "manage"), s.notifications},
		{get, "/api/v1/me/notifications/unread", onPlatform("self", "manage"), s.unread},
		{post, "/api/v1/me/notifications/:id/read", onPlatform("self", "manage"), s.markRead},
		{get, "/api/v1/orgs/:org/requests", inApprovedOrg("requests", "read"), s.listRequests},
		{post, "/api/v1/orgs/:org/requests", inApprovedOrg("requests", "manage"), s.createRequest},
		{get, "/api/v1/orgs/:org/requests/:request", inApprovedOrg("requests", "read"), s.getRequest},
		{post, "/api/v1/orgs/:org/requests/:request/cancel", inApprovedOrg("requests", "manage"), s.cancelRequest},
		{get, "/api/v1/orgs/:org/requests/:request/suggestions", inApprovedOrg("requests", "manage"), s.suggestions},
		{post, "/api/v1/orgs/:org/requests/:request/proposals", inApprovedOrg("requests", "manage"), s.sendProposal},
		{get, "/api/v1/orgs/:org/proposals", inApprovedOrg("proposals", "answer"), s.proposals},
		{post, "/api/v1/orgs/:org/proposals/:proposal/accept", inApprovedOrg("proposals", "answer"), s.acceptProposal},
		{post, "/api/v1/orgs/:org/proposals/:proposal/decline", inApprovedOrg("proposals", "answer"), s.declineProposal},
		{get, "/api/v1/orgs/:org/exchanges", inApprovedOrg("exchanges", "read"), s.listExchanges},
		{get, "/api/v1/orgs/:org/exchanges/:exchange", inApprovedOrg("exchanges", "read"), s.getExchange},
		{post, "/api/v1/orgs/:org/exchanges/:exchange/cancel", inApprovedOrg("exchanges", "manage"), s.cancelExchange},
		{post, "/api/v1/orgs/:org/exchanges/:exchange/goals", inApprovedOrg("exchanges", "work"), s.addGoal},
		{put, "/api/v1/orgs/:org/exchanges/:exchange/goals/:goal", inApprovedOrg("exchanges", "work"), s.tickGoal},
		{post, "/api/v1/orgs/:org/exchanges/:exchange/sessions", inApprovedOrg("exchanges", "work"), s.logSession},
		{post, "/api/v1/orgs/:org/exchanges/:exchange/complete", inApprovedOrg("exchanges", "work"), s.completeExchange},
		{get, "/api/v1/admin/rounds", onPlatform("rounds", "run"), s.listRounds},
		{post, "/api/v1/admin/rounds", onPlatform("rounds", "run"), s.runRound},
		{get, "/api/v1/admin/rounds/:round", onPlatform("rounds", "run"), s.getRound},
		{post, "/api/v1/admin/rounds/:round/run", onPlatform("rounds", "run"), s.runRound},
		{post, "/api/v1/admin/rounds/:round/publish", onPlatform("rounds", "run"), s.publishRound},

		// Moderation: members report; room owners and room moderators act in their rooms;
		// platform staff act where a report leads them; admins read the audit log.
		{post, "/api/v1/rooms/:room/reports", inRoom("messages", "read"), s.fileReport},
		{get, "/api/v1/rooms/:room/reports", inRoom("reports", "handle"), s.roomReports},
		{get, "/api/v1/rooms/:room/reports/:id", inRoom("reports", "handle"), s.openReport},
		{post, "/api/v1/rooms/:room/reports/:id/resolve", inRoom("reports", "handle"), s.resolveReport},
		{post, "/api/v1/rooms/:room/actions", inRoom("room", "moderate"), s.roomAction},
		{put, "/api/v1/rooms/:room/moderators/:user", inRoom("room", "manage"), s.setRoomModerator(true)},
		{del, "/api/v1/rooms/:room/moderators/:user", inRoom("room", "manage"), s.setRoomModerator(false)},
		{get, "/api/v1/me/reports", onPlatform("self", "manage"), s.myReports},
		{get, "/api/v1/me/moderation", onPlatform("self", "manage"), s.myNotices},
		{get, "/api/v1/admin/reports", onPlatform("reports", "handle"), s.reportQueue},
		{get, "/api/v1/admin/reports/:id", onPlatform("reports", "handle"), s.openReport},
		{post, "/api/v1/admin/reports/:id/resolve", onPlatform("reports", "handle"), s.resolveReport},
		{post, "/api/v1/admin/reports/:id/actions", onPlatform("reports", "handle"), s.reportAction},
		{put, "/api/v1/admin/moderators/:user", onPlatform("moderators", "appoint"), s.setModerator(true)},
		{del, "/api/v1/admin/moderators/:user", onPlatform("moderators", "appoint"), s.setModerator(false)},
		{get, "/api/v1/admin/audit", onPlatform("audit", "read"), s.audit},

		// Programme oversight (issue 11 §4): aggregates and progress, never room content.
		{get, "/api/v1/admin/exchanges", onPlatform("programme", "read"), s.adminExchanges},
		{get, "/api/v1/admin/dashboard", onPlatform("programme", "read"), s.dashboard},
		{get, "/api/v1/admin/dashboard/:table.csv", onPlatform("programme", "read"), s.dashboardTable},

		// Training library (issue 13 §1): the library decides what each reader sees
		// (a resource one may not see is a 404, as a missing one) and who adds, edits and
		// deletes; the routes admit readers, and leads for an organisation's usage and contributors.
		{get, "/api/v1/library", onPlatform("library", "read"), s.listLibrary},
		{post, "/api/v1/library", onPlatform("library", "read"), s.createResource},
		{get, "/api/v1/library/:id", onPlatform("library", "read"), s.getResource},
		{put, "/api/v1/library/:id", onPlatform("library", "read"), s.updateResource},
		{del, "/api/v1/library/:id", onPlatform("library", "read"), s.deleteResource},
		{get, "/api/v1/library/:id/file", onPlatform("library", "read"), s.resourceFile},
		{get, "/api/v1/library/:id/tree", onPlatform("library", "read"), s.resourceTree},
		{post, "/api/v1/library/:id/adaptations", onPlatform("library", "read"), s.adaptResource},
		{post, "/api/v1/library/:id/reports", onPlatform("library", "read"), s.reportResource},
		{get, "/api/v1/orgs/:org/library/usage", inApprovedOrg("library", "manage"), s.libraryUsage},
		{put, "/api/v1/orgs/:org/library/contributors/:user", inApprovedOrg("library", "manage"), s.setContributor(true)},
		{del, "/api/v1/orgs/:org/library/contributors/:user", inApprovedOrg("library", "manage"), s.setContributor(false)},
		{get, "/api/v1/orgs/:org/exchanges/:exchange/resources", inApprovedOrg("exchanges", "read"), s.exchangeResources},
		{post, "/api/v1/orgs/:org/exchanges/:exchange/resources", inApprovedOrg("exchanges", "work"), s.attachResource},
		{del, "/api/v1/orgs/:org/exchanges/:exchange/resources/:resource", inApprovedOrg("exchanges", "work"), s.detachResource},

		{post, "/api/v1/me/export", onPlatform("self", "manage"), s.createExport},
		{get, "/api/v1/me/export/:token", onPlatform("self", "manage"), s.downloadExport},
		{del, "/api/v1/me", onPlatform("self", "manage"), s.deleteAccount},
		{del, "/api/v1/orgs/:org", inOrg("profile", "update"), s.offboardOrganisation},
	})
}
