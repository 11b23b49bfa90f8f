package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPI assembles the machine-readable API description from each domain's paths.
// Each domain keeps its part in server/openapi_<domain>.go.
func (s *Server) openAPI(c echo.Context) error {
	paths := map[string]any{}
	schemas := map[string]any{
		"Error": map[string]any{
			"type": "object",
			"properties": map[string]any{
				"error":  map[string]any{"type": "string", "description": "translated message"},
				"errors": map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}, "description": "translated message per field or question id"},
			},
			"required": []string{"error"},
		},
	}
	for _, part := range []func() (map[string]any, map[string]any){openapiPeople, openapiSurvey, openapiHarvest, openapiMarkers} {
		p, sc := part()
		for k, v := range p {
			paths[k] = v
		}
		for k, v := range sc {
			schemas[k] = v
		}
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Oogst API",
			"version":     "1",
			"description": "Outcome harvesting and progress markers. Authenticate with a personal token: Authorization: Bearer <token>. Lists return {\"items\": [...], \"total\": N}. Another partnership's data answers 404.",
		},
		"servers": []any{map[string]any{"url": s.opt.BaseURL + "/api/v1"}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
		"security": []any{map[string]any{"bearer": []string{}}},
		"paths":    paths,
	}
	return c.JSON(http.StatusOK, doc)
}
