package server

import "net/http"

// registerPeople adds the routes of the people domain.
func (s *Server) registerPeople() {
	const get, post = http.MethodGet, http.MethodPost
	// Coordinators manage their partnership; mentors see their own group.
	s.handle(get, "/people", LoggedIn, s.peopleIndex)
	s.handle(get, "/people/:pid", LoggedIn, s.peoplePartnership)
	s.handle(post, "/people/:pid/organisations", LoggedIn, s.peopleAddOrganisation)
	s.handle(post, "/people/:pid/organisations/:oid/unlink", LoggedIn, s.peopleUnlinkOrganisation)
	s.handle(post, "/people/:pid/staff", LoggedIn, s.peopleAddStaff)
	s.handle(post, "/people/:pid/staff/:uid", LoggedIn, s.peopleChangeStaff)
	s.handle(post, "/people/:pid/staff/:uid/remove", LoggedIn, s.peopleRemoveStaff)
	s.handle(get, "/people/:pid/cursists", LoggedIn, s.peopleCursists)
	s.handle(get, "/people/:pid/cursists.csv", LoggedIn, s.peopleCursistsCSV)
	s.handle(get, "/people/:pid/cursists/new", LoggedIn, s.peopleCursistNew)
	s.handle(post, "/people/:pid/cursists", LoggedIn, s.peopleCursistCreate)
	s.handle(get, "/people/:pid/cursists/import", LoggedIn, s.peopleImportForm)
	s.handle(post, "/people/:pid/cursists/import", LoggedIn, s.peopleImportPreview)
	s.handle(post, "/people/:pid/cursists/import/confirm", LoggedIn, s.peopleImportConfirm)
	s.handle(get, "/people/:pid/cursists/:cid/edit", LoggedIn, s.peopleCursistEdit)
	s.handle(post, "/people/:pid/cursists/:cid", LoggedIn, s.peopleCursistUpdate)
	s.handle(post, "/people/:pid/cursists/:cid/deactivate", LoggedIn, s.peopleCursistDeactivate)
	s.handle(get, "/people/:pid/cursists/:cid/export.zip", LoggedIn, s.peopleCursistExport)
	s.handle(post, "/people/:pid/cursists/:cid/erase", LoggedIn, s.peopleCursistErase)
	// A cursist's status beyond the classroom: coordinators, and mentors for their group.
	s.handle(get, "/people/:pid/cursists/:cid/status", LoggedIn, s.peopleCursistStatus)
	s.handle(post, "/people/:pid/cursists/:cid/status", LoggedIn, s.peopleCursistStatusSet)

	s.handle(get, "/people/:pid/audit", LoggedIn, s.peopleAudit)

	// Platform administration: partnerships, accounts, memberships; no cursists.
	s.handle(get, "/admin", Admin, s.adminIndex)
	s.handle(get, "/admin/audit", Admin, s.adminAudit)
	s.handle(get, "/admin/partnerships/new", Admin, s.adminPartnershipNew)
	s.handle(post, "/admin/partnerships", Admin, s.adminPartnershipSave)
	s.handle(get, "/admin/partnerships/:id", Admin, s.adminPartnershipEdit)
	s.handle(post, "/admin/partnerships/:id", Admin, s.adminPartnershipSave)
	s.handle(post, "/admin/partnerships/:id/members", Admin, s.adminMemberSet)
	s.handle(post, "/admin/partnerships/:id/members/:uid/remove", Admin, s.adminMemberRemove)
	s.handle(get, "/admin/users/new", Admin, s.adminUserNew)
	s.handle(post, "/admin/users", Admin, s.adminUserSave)
	s.handle(get, "/admin/users/:id", Admin, s.adminUserEdit)
	s.handle(post, "/admin/users/:id", Admin, s.adminUserSave)
	s.handle(post, "/admin/users/:id/invite", Admin, s.adminUserInvite)

	// Personal API tokens.
	s.handle(get, "/account/tokens", LoggedIn, s.accountTokens)
	s.handle(post, "/account/tokens", LoggedIn, s.accountTokenCreate)
	s.handle(post, "/account/tokens/:id/revoke", LoggedIn, s.accountTokenRevoke)

	// JSON API.
	s.handle(get, "/api/v1/partnerships", LoggedIn, s.apiPartnerships)
	s.handle(get, "/api/v1/partnerships/:id/cursists", LoggedIn, s.apiCursists)

	// One-time links to set a password.
	s.handle(get, "/invite/:token", Public, s.invitePageGet)
	s.handle(post, "/invite/:token", Public, s.invitePost)
}
