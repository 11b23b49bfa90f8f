package server

import (
	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

// codePages are a partnership's codes: the presets and its own (handler_terms.go).
func codePages() termPages[harvest.Code] {
	return termPages[harvest.Code]{terms: harvest.CodeTerms(), segment: "codes",
		keys:    termKeys{Title: "harvest.codes.title", Intro: "harvest.codes.intro", Preset: "harvest.codes.preset", Own: "harvest.codes.own", Add: "harvest.codes.add"},
		addedID: "harvest.codes.added", savedID: "harvest.codes.saved", nameErrorID: "harvest.error.code_name"}
}

// codesPage: GET /partnerships/:id/codes.
func (s *Server) codesPage(c echo.Context) error { return codePages().page(s, c) }

// codeAdd: POST /partnerships/:id/codes creates a partnership code.
func (s *Server) codeAdd(c echo.Context) error { return codePages().add(s, c) }

// codeUpdate: POST /codes/:id renames, retires or brings back a partnership code.
func (s *Server) codeUpdate(c echo.Context) error { return codePages().update(s, c) }
