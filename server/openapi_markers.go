package server

// openapiMarkers returns the markers domain's API paths (keys relative to /api/v1) and schemas.
func openapiMarkers() (paths, schemas map[string]any) {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	list := func(item string) map[string]any {
		return map[string]any{
			"type":       "object",
			"properties": map[string]any{"items": map[string]any{"type": "array", "items": ref(item)}, "total": map[string]any{"type": "integer"}},
			"required":   []string{"items", "total"},
		}
	}
	errResp := map[string]any{"description": "not found (or another partnership's)", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	ok := func(desc string, schema map[string]any) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
	}
	qParam := func(name, desc string) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc, "schema": map[string]any{"type": "integer"}}
	}
	partnership := qParam("partnership", "only this partnership (404 when it is not yours, 422 when not a whole number)")
	e422 := map[string]any{"description": "a query parameter is not a positive whole number: errors names it", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	str := map[string]any{"type": "string"}
	integer := map[string]any{"type": "integer"}
	nullableInt := map[string]any{"type": []string{"integer", "null"}}
	dateTime := map[string]any{"type": "string", "format": "date-time"}
	text := map[string]any{"type": "object", "properties": map[string]any{"nl": str, "fr": str, "en": str}, "description": "wording per language; nl is the source"}
	paths = map[string]any{
		"/boundary-partners": map[string]any{"get": map[string]any{
			"summary":     "Boundary partners of your partnerships, each with its progress markers",
			"description": "Coordinators and partners; mentors get an empty list (the markers area is not theirs).",
			"parameters":  []any{partnership},
			"responses":   map[string]any{"200": ok("boundary partners", list("BoundaryPartner")), "404": errResp, "422": e422},
		}},
		"/boundary-partners/{id}": map[string]any{"get": map[string]any{
			"summary":    "One boundary partner with its markers",
			"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": integer}},
			"responses":  map[string]any{"200": ok("the boundary partner", ref("BoundaryPartner")), "404": errResp},
		}},
		"/periods": map[string]any{"get": map[string]any{
			"summary":    "Monitoring periods of your partnerships, oldest first",
			"parameters": []any{partnership},
			"responses":  map[string]any{"200": ok("periods", list("MonitoringPeriod")), "404": errResp, "422": e422},
		}},
		"/journals": map[string]any{"get": map[string]any{
			"summary":    "Saved outcome journals with their observations per marker",
			"parameters": []any{partnership, qParam("period", "only this monitoring period")},
			"responses":  map[string]any{"200": ok("journals", list("OutcomeJournal")), "404": errResp, "422": e422},
		}},
	}
	schemas = map[string]any{
		"ProgressMarker": map[string]any{"type": "object", "properties": map[string]any{
			"id": integer, "boundary_partner_id": integer,
			"level":    map[string]any{"type": "string", "enum": []string{"expect", "like", "love"}},
			"position": integer, "text": text,
			"retired_at": map[string]any{"type": "string", "format": "date-time", "description": "set when the marker is no longer in use"},
			"created_at": dateTime, "updated_at": dateTime,
			"version": map[string]any{"type": "integer", "description": "raised by one on every save; send it back to have a stale save refused"},
		}, "required": []string{"id", "level", "text"}},
		"BoundaryPartner": map[string]any{"type": "object", "properties": map[string]any{
			"id": integer, "partnership_id": integer, "organisation_id": integer, "name": str,
			"outcome_challenge": str, "created_at": dateTime, "updated_at": dateTime,
			"markers": map[string]any{"type": "array", "items": ref("ProgressMarker")},
		}, "required": []string{"id", "partnership_id", "name", "markers"}},
		"MonitoringPeriod": map[string]any{"type": "object", "properties": map[string]any{
			"id": integer, "partnership_id": integer, "label": str,
			"starts_on": dateTime, "ends_on": map[string]any{"type": "string", "format": "date-time", "description": "the end day is included"},
			"created_at": dateTime,
		}, "required": []string{"id", "partnership_id", "label", "starts_on", "ends_on"}},
		"JournalEntry": map[string]any{"type": "object", "properties": map[string]any{
			"id": integer, "journal_id": integer, "marker_id": integer,
			"rating":      map[string]any{"type": "string", "enum": []string{"not_observed", "low", "medium", "high"}},
			"description": str, "evidence": str, "contributing_factors": str,
			"recorded_by": nullableInt, "recorded_at": dateTime,
		}, "required": []string{"marker_id", "rating"}},
		"OutcomeJournal": map[string]any{"type": "object", "properties": map[string]any{
			"id": integer, "partnership_id": integer, "boundary_partner_id": integer, "period_id": integer,
			"unanticipated_changes": str, "lessons": str, "programme_changes": str,
			"updated_by": nullableInt, "created_at": dateTime, "updated_at": dateTime,
			"version": map[string]any{"type": "integer", "description": "raised by one on every save; send it back to have a stale save refused"},
			"entries": map[string]any{"type": "array", "items": ref("JournalEntry")},
		}, "required": []string{"id", "boundary_partner_id", "period_id", "entries"}},
	}
	return paths, schemas
}
