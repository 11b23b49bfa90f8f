package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/locale"
)

// setLanguage stores an explicit language choice in a cookie and goes back.
func (s *Server) setLanguage(c echo.Context) error {
	lang := c.FormValue("lang")
	if locale.Supported(lang) {
		s.setLangCookie(c, lang)
	}
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next"), "/"))
}
