package server

// registerHarvest adds the routes of the harvest domain.
func (s *Server) registerHarvest() {
}
