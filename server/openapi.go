package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPI serves the API description, generated from the operation tables
// (api_ops_<domain>.go) and the structs the handlers encode (api_types_<domain>.go).
func (s *Server) openAPI(c echo.Context) error {
	return c.JSON(http.StatusOK, buildOpenAPI(s.opt.BaseURL, apiOperations()))
}
