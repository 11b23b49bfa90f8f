package server

// registerPeople adds the routes of the people domain.
func (s *Server) registerPeople() {
}
