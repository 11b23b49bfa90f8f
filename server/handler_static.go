package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/frontend"
)

var staticHandler = http.StripPrefix("/static/", http.FileServer(http.FS(frontend.Static())))

// static serves embedded assets; a versioned URL (?v=hash) may be cached for a year.
func (s *Server) static(c echo.Context) error {
	h := c.Response().Header()
	if c.QueryParam("v") != "" {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	staticHandler.ServeHTTP(c.Response(), c.Request())
	return nil
}
