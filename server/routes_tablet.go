package server

import "net/http"

// registerTablet adds the cursist-facing tablet pages (/join, /r/:code, service worker).
func (s *Server) registerTablet() {
	s.handle(http.MethodGet, "/join", Public, s.tabletJoin)
	s.handle(http.MethodGet, "/r/:code", Public, s.tabletShell)
	s.handle(http.MethodGet, "/sw.js", Public, s.tabletServiceWorker)
}
