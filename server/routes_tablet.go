package server

// registerTablet adds the cursist-facing tablet pages (/join, /r/:code, service worker).
func (s *Server) registerTablet() {
}
