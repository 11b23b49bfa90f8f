package server

// openapiHarvest returns the harvest domain's API paths (keys relative to /api/v1) and schemas.
func openapiHarvest() (paths, schemas map[string]any) {
	return map[string]any{}, map[string]any{}
}
