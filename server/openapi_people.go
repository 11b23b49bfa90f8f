package server

// openapiPeople returns the people domain's API paths (keys relative to /api/v1) and schemas.
func openapiPeople() (paths, schemas map[string]any) {
	return map[string]any{}, map[string]any{}
}
