package server

// registerMarkers adds the routes of the markers domain.
func (s *Server) registerMarkers() {
}
