package server

// openapiSurvey returns the survey domain's API paths (keys relative to /api/v1) and schemas.
func openapiSurvey() (paths, schemas map[string]any) {
	return map[string]any{}, map[string]any{}
}
