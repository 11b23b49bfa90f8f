package server

import (
	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

// barrierPages are a partnership's barriers: the ten presets and its own
// (handler_terms.go).
func barrierPages() termPages[harvest.Barrier] {
	return termPages[harvest.Barrier]{terms: harvest.BarrierTerms(), segment: "barriers",
		keys:    termKeys{Title: "barriers.manage.title", Intro: "barriers.manage.intro", Preset: "barriers.manage.preset", Own: "barriers.manage.own", Add: "barriers.manage.add"},
		addedID: "barriers.manage.added", savedID: "barriers.manage.saved", nameErrorID: "barriers.error.name"}
}

// barriersPage: GET /partnerships/:id/barriers.
func (s *Server) barriersPage(c echo.Context) error { return barrierPages().page(s, c) }

// barrierAdd: POST /partnerships/:id/barriers creates a partnership barrier.
func (s *Server) barrierAdd(c echo.Context) error { return barrierPages().add(s, c) }

// barrierUpdate: POST /barriers/:id renames, retires or brings back a partnership barrier.
func (s *Server) barrierUpdate(c echo.Context) error { return barrierPages().update(s, c) }
