package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// formSaved answers the post of a staff form whose errors show above it (aboveForm):
// the form again, by again, with the reasons err gives; any other error as is; and
// when all went well the flash done and a redirect to next (see other).
func (s *Server) formSaved(c echo.Context, err error, again func(status int, errs map[string]string) error, done, next string) error {
	if fe, ok := formErrors(s.loc(c), err, aboveForm); ok {
		return again(formStatus(err), fe)
	}
	if err != nil {
		return err
	}
	s.flash(c, done)
	return c.Redirect(http.StatusSeeOther, next)
}
