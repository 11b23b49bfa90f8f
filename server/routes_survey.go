package server

import "net/http"

// registerSurvey adds the routes of the survey domain: the public tablet API (the join
// code is the capability) and the staff pages for forms, rounds and responses.
func (s *Server) registerSurvey() {
	s.handle(http.MethodGet, "/api/v1/rounds/:code", Public, s.apiRound)
	s.handle(http.MethodPost, "/api/v1/rounds/:code/responses", Public, s.apiRoundSubmit)
	s.handle(http.MethodGet, "/api/v1/rounds/:code/cursists", Public, s.apiRoundCursists)
	s.handle(http.MethodPost, "/api/v1/rounds/:code/audio", Public, s.apiRoundAudio)
	s.handle(http.MethodPost, "/api/v1/rounds/:code/undeliverable", Public, s.apiRoundUndeliverable)
	s.handle(http.MethodGet, "/api/v1/rounds/:code/audio/prompts/:question/:lang", Public, s.apiRoundPrompt)
	s.handle(http.MethodGet, "/attachments/:id", LoggedIn, s.attachment)

	s.handle(http.MethodGet, "/survey/forms", LoggedIn, s.surveyForms)
	s.handle(http.MethodPost, "/survey/forms", LoggedIn, s.surveyFormCreate)
	s.handle(http.MethodGet, "/survey/forms/:id", LoggedIn, s.surveyForm)
	s.handle(http.MethodPost, "/survey/forms/:id", LoggedIn, s.surveyFormSettings)
	s.handle(http.MethodPost, "/survey/forms/:id/copy", LoggedIn, s.surveyFormCopy)
	s.handle(http.MethodPost, "/survey/forms/:id/questions", LoggedIn, s.surveyQuestionSave)
	s.handle(http.MethodPost, "/survey/forms/:id/questions/:qid/delete", LoggedIn, s.surveyQuestionDelete)
	s.handle(http.MethodPost, "/survey/forms/:id/translations/:lang/confirm", LoggedIn, s.surveyTranslationConfirm)
	s.handle(http.MethodPost, "/survey/forms/:id/audio", LoggedIn, s.surveyPromptUpload)
	s.handle(http.MethodGet, "/survey/forms/:id/audio/:qid/:lang", LoggedIn, s.surveyPromptPlay)
	s.handle(http.MethodGet, "/survey/forms/:id/preview", LoggedIn, s.surveyFormPreview)
	s.handle(http.MethodPost, "/survey/forms/:id/publish", LoggedIn, s.surveyFormPublish)

	s.handle(http.MethodGet, "/survey/rounds", LoggedIn, s.surveyRounds)
	s.handle(http.MethodPost, "/survey/rounds", LoggedIn, s.surveyRoundCreate)
	s.handle(http.MethodGet, "/survey/rounds/:id", LoggedIn, s.surveyRound)
	s.handle(http.MethodPost, "/survey/rounds/:id/close", LoggedIn, s.surveyRoundClose)
	s.handle(http.MethodPost, "/survey/rounds/:id/settings", LoggedIn, s.surveyRoundSettings)
	s.handle(http.MethodPost, "/survey/rounds/:id/undeliverable/:uid/accept", LoggedIn, s.surveyUndeliverable(true))
	s.handle(http.MethodPost, "/survey/rounds/:id/undeliverable/:uid/discard", LoggedIn, s.surveyUndeliverable(false))
	s.handle(http.MethodGet, "/survey/rounds/:id/qr.png", LoggedIn, s.surveyRoundQR)
	s.handle(http.MethodGet, "/survey/rounds/:id/sheet", LoggedIn, s.surveyRoundSheet)
	s.handle(http.MethodGet, "/survey/rounds/:id/tablet-check", LoggedIn, s.surveyRoundTabletCheck)
	s.handle(http.MethodGet, "/survey/consent/:pid", LoggedIn, s.surveyConsent)
	s.handle(http.MethodPost, "/survey/consent/:pid", LoggedIn, s.surveyConsentSave)
}
