package server

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/frontend"
)

// tabletServiceWorker serves the offline worker from the site root, so that its scope
// can cover /r/ (a worker under /static/ could only control /static/).
func (s *Server) tabletServiceWorker(c echo.Context) error {
	b, err := fs.ReadFile(frontend.Static(), "js/tablet-sw.js")
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", "/r/")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", b)
}
