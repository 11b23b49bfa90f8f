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
	completeResponses(paths)
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

// completeResponses adds the answers every operation can give: 503 (database
// unreachable, or disk or database full; with Retry-After) everywhere, and 401 to
// every operation that needs a token.
func completeResponses(paths map[string]any) {
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	for _, item := range paths {
		for _, o := range item.(map[string]any) {
			op := o.(map[string]any)
			resps := op["responses"].(map[string]any)
			if resps["503"] == nil {
				resps["503"] = errResp("The database cannot be reached, or the disk or database is full. Retry after the seconds in Retry-After.")
			}
			if sec, ok := op["security"].([]any); (!ok || len(sec) > 0) && resps["401"] == nil {
				resps["401"] = errResp("No token, or a bad or revoked one.")
			}
		}
	}
}
