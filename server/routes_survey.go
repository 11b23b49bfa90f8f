package server

// registerSurvey adds the routes of the survey domain.
func (s *Server) registerSurvey() {
}
