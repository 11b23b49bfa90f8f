package server

import "net/http"

// registerTranslate adds the routes of story translations (issue #17); harvest checks
// who may write in the partnership of the outcome.
func (s *Server) registerTranslate() {
	s.handle(http.MethodPost, "/outcomes/:id/translations/:lang", LoggedIn, s.translationSave)
	s.handle(http.MethodPost, "/outcomes/:id/translations/:lang/check", LoggedIn, s.translationCheck)
	s.handle(http.MethodPost, "/outcomes/:id/voices/:aid/transcript", LoggedIn, s.transcriptSave)
	s.handle(http.MethodPost, "/partnerships/:id/working-languages", LoggedIn, s.workingLanguagesSave)
	s.handle(http.MethodPost, "/admin/partnerships/:id/working-languages", Admin, s.adminWorkingLanguagesSave)
}
