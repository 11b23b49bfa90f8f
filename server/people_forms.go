package server

import (
	"github.com/labstack/echo/v4"

	"oogst/apperr"
)

// formErrors turns a validation (or conflict) error into translated messages per
// field, with "_form" for the message of the whole form. ok is false for any other
// error, which the caller returns as is.
func (s *Server) formErrors(c echo.Context, err error) (map[string]string, bool) {
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.KindInvalid && e.Kind != apperr.KindConflict) {
		return nil, false
	}
	l := s.loc(c)
	out := map[string]string{"_form": l.T(e.Msg.ID, dataPairs(e.Msg.Data)...)}
	for k, m := range e.Fields {
		out[k] = l.T(m.ID, dataPairs(m.Data)...)
	}
	return out, true
}

func formStatus(err error) int {
	if apperr.Is(err, apperr.KindConflict) {
		return 409
	}
	return 422
}
