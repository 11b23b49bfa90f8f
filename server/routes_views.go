package server

import "net/http"

// registerViews adds the routes of saved inbox views (issue #17); harvest checks who may
// open, rename or delete a view.
func (s *Server) registerViews() {
	s.handle(http.MethodPost, "/outcomes/views", LoggedIn, s.outcomesViewSave)
	s.handle(http.MethodGet, "/outcomes/views/:id", LoggedIn, s.outcomesViewOpen)
	s.handle(http.MethodPost, "/outcomes/views/:id", LoggedIn, s.outcomesViewRename)
	s.handle(http.MethodPost, "/outcomes/views/:id/delete", LoggedIn, s.outcomesViewDelete)
}
