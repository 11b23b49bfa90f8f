package server

import "net/http"

// registerSurvey adds the routes of the survey domain: the public tablet API (the join
// code is the capability) and the staff pages for forms, rounds and responses.
func (s *Server) registerSurvey() {
	s.handle(http.MethodGet, "/api/v1/rounds/:code", Public, s.apiRound)
	s.handle(http.MethodPost, "/api/v1/rounds/:code/responses", Public, s.apiRoundSubmit)
	s.handle(http.MethodGet, "/api/v1/rounds/:code/cursists", Public, s.apiRoundCursists)
	s.handle(http.MethodPost, "/api/v1/rounds/:code/audio", Public, s.apiRoundAudio)
	s.handle(http.MethodGet, "/api/v1/rounds/:code/audio/prompts/:question/:lang", Public, s.apiRoundPrompt)
	s.handle(http.MethodGet, "/attachments/:id", LoggedIn, s.attachment)
}
