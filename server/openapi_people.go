package server

// openapiPeople returns the people domain's API paths (keys relative to /api/v1) and schemas.
func openapiPeople() (paths, schemas map[string]any) {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	list := func(item string) map[string]any {
		return map[string]any{
			"type":     "object",
			"required": []string{"items", "total"},
			"properties": map[string]any{
				"items": map[string]any{"type": "array", "items": ref(item)},
				"total": map[string]any{"type": "integer"},
			},
		}
	}
	ok := func(desc, schema string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref(schema)}}}
	}
	paths = map[string]any{
		"/partnerships": map[string]any{
			"get": map[string]any{
				"operationId": "listPartnerships",
				"summary":     "The partnerships the caller belongs to, with the caller's role in each.",
				"tags":        []string{"people"},
				"responses": map[string]any{
					"200": ok("The caller's partnerships, by name.", "PartnershipList"),
					"401": errResp("No token, or a bad or revoked one."),
				},
			},
		},
		"/partnerships/{id}/cursists": map[string]any{
			"get": map[string]any{
				"operationId": "listCursists",
				"summary":     "The cursists of a partnership. Coordinators and partners see all of them; a mentor sees only their own group.",
				"tags":        []string{"people"},
				"parameters": []any{map[string]any{
					"name": "id", "in": "path", "required": true, "description": "partnership id",
					"schema": map[string]any{"type": "integer", "format": "int64"},
				}},
				"responses": map[string]any{
					"200": ok("The cursists, by group and code.", "CursistList"),
					"401": errResp("No token, or a bad or revoked one."),
					"404": errResp("No such partnership, or the caller is not a member (existence is not confirmed)."),
				},
			},
		},
	}
	schemas = map[string]any{
		"Partnership": map[string]any{
			"type":     "object",
			"required": []string{"id", "name", "region", "languages", "role"},
			"properties": map[string]any{
				"id":          map[string]any{"type": "integer", "format": "int64"},
				"name":        map[string]any{"type": "string"},
				"region":      map[string]any{"type": "string"},
				"languages":   map[string]any{"type": "string", "description": "comma-separated language tags, e.g. nl,fr,ar"},
				"active_from": map[string]any{"type": "string", "format": "date-time"},
				"active_to":   map[string]any{"type": "string", "format": "date-time"},
				"created_at":  map[string]any{"type": "string", "format": "date-time"},
				"role":        map[string]any{"type": "string", "enum": []string{"coordinator", "partner", "mentor"}},
			},
		},
		"PartnershipList": list("Partnership"),
		"Cursist": map[string]any{
			"type":        "object",
			"description": "A pseudonymous participant. There is no e-mail, national number or birth date.",
			"required":    []string{"id", "code", "group", "preferred_language", "active"},
			"properties": map[string]any{
				"id":                 map[string]any{"type": "integer", "format": "int64"},
				"code":               map[string]any{"type": "string", "example": "K7QF"},
				"first_name":         map[string]any{"type": "string", "description": "optional; staff of the partnership only"},
				"group":              map[string]any{"type": "string"},
				"preferred_language": map[string]any{"type": "string", "example": "ar"},
				"consent_at":         map[string]any{"type": []string{"string", "null"}, "format": "date-time"},
				"consent_version":    map[string]any{"type": "string"},
				"active":             map[string]any{"type": "boolean"},
			},
		},
		"CursistList": list("Cursist"),
	}
	return paths, schemas
}
