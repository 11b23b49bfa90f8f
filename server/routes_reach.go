package server

import "net/http"

// registerReach: beyond the classroom (personal links, follow-up rounds, cursists'
// e-mail addresses kept with consent).
func (s *Server) registerReach() {
	get, post := http.MethodGet, http.MethodPost
	s.handle(get, "/p/:token", Public, s.personalEntry)
	s.handle(get, "/survey/rounds/:id/links", LoggedIn, s.surveyRoundLinks)
	s.handle(post, "/survey/rounds/:id/links", LoggedIn, s.surveyRoundLinksIssue)
	s.handle(post, "/survey/rounds/:id/links/:lid/revoke", LoggedIn, s.surveyRoundLinkRevoke)
	s.handle(post, "/survey/rounds/:id/links/:lid/mail", LoggedIn, s.surveyRoundLinkMail)
	s.handle(post, "/survey/rounds/:id/followups", LoggedIn, s.surveyRoundFollowUps)
	s.handle(get, "/people/:pid/cursists/:cid/contact", LoggedIn, s.peopleCursistContact)
	s.handle(post, "/people/:pid/cursists/:cid/contact", LoggedIn, s.peopleCursistContactSave)
	s.handle(post, "/people/:pid/cursists/:cid/contact/delete", LoggedIn, s.peopleCursistContactDelete)
}
