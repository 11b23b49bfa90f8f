package server

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
)

// pathID reads a numeric path parameter; anything else is NotFound, like a missing row.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFound()
	}
	return id, nil
}
