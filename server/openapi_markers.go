package server

// openapiMarkers returns the markers domain's API paths (keys relative to /api/v1) and schemas.
func openapiMarkers() (paths, schemas map[string]any) {
	return map[string]any{}, map[string]any{}
}
