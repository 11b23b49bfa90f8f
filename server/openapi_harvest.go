package server

// openapiHarvest returns the harvest domain's API paths (keys relative to /api/v1) and schemas.
func openapiHarvest() (paths, schemas map[string]any) {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	ok := func(desc, schema string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref(schema)}}}
	}
	str := func(desc string, enum ...string) map[string]any {
		m := map[string]any{"type": "string", "description": desc}
		if len(enum) > 0 {
			m["enum"] = enum
		}
		return m
	}
	integer := map[string]any{"type": "integer", "format": "int64"}
	q := func(name, desc string, schema map[string]any) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc, "schema": schema}
	}
	filters := []any{
		q("partnership", "partnership id (must be one of the caller's)", integer),
		q("round", "round id", integer),
		q("group", "group name", map[string]any{"type": "string"}),
		q("status", "workflow status", str("", "new", "coded", "substantiated", "used", "excluded")),
		q("code", "code id", integer),
		q("sign", "positive, negative or both", str("", "positive", "negative", "both")),
		q("language", "original language tag", map[string]any{"type": "string"}),
		q("q", "text search in change, significance, contribution and summary (case-insensitive)", map[string]any{"type": "string"}),
	}
	paging := []any{q("page", "1-based page", map[string]any{"type": "integer", "minimum": 1}), q("per_page", "page size (default 50, at most 500)", map[string]any{"type": "integer", "minimum": 1, "maximum": 500})}
	idParam := func(desc string) map[string]any {
		return map[string]any{"name": "id", "in": "path", "required": true, "description": desc, "schema": integer}
	}
	e401, e404 := errResp("No token, or a bad or revoked one."), errResp("No such object, or not in the caller's partnerships (existence is not confirmed).")
	e422 := errResp("A query parameter is not valid (not a whole number, out of range, or not one of the listed values): errors names each such parameter with a translated message.")
	sep := q("sep", "separator: semicolon (the default for Dutch and French readers, as Excel in Belgium expects) or comma (the default otherwise)", str("", "semicolon", "comma"))
	file := func(desc, mime string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{mime: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}}
	}
	paths = map[string]any{
		"/outcomes": map[string]any{"get": map[string]any{
			"operationId": "listOutcomes", "tags": []string{"harvest"},
			"summary":    "Outcomes the caller may read, newest first. Coordinators and partners see their partnerships' outcomes; a mentor only their own group's.",
			"parameters": append(append([]any{}, filters...), paging...),
			"responses":  map[string]any{"200": ok("One page of outcomes and the total that matched.", "OutcomeList"), "401": e401, "404": e404, "422": e422},
		}},
		"/outcomes/{id}": map[string]any{
			"get": map[string]any{
				"operationId": "getOutcome", "tags": []string{"harvest"}, "summary": "One outcome with its codes and building blocks.",
				"parameters": []any{idParam("outcome id")},
				"responses":  map[string]any{"200": withETag(ok("The outcome. The ETag header names its current version; send it back as If-Match when changing it.", "Outcome")), "401": e401, "404": e404},
			},
			"patch": map[string]any{
				"operationId": "updateOutcome", "tags": []string{"harvest"},
				"summary": "Change codes, status, Dutch summary or classification (coordinators and partners). Every change is kept in the outcome's history. Moving to excluded needs exclude_reason; coded, substantiated and used need at least one code.",
				"parameters": []any{idParam("outcome id"), map[string]any{"name": "If-Match", "in": "header", "required": false,
					"description": "The ETag from GET /outcomes/{id} (\"v\" and the version, quoted). The change is applied only if the outcome is still at that version; without the header (or with *) it is applied to whatever is current.",
					"schema":      map[string]any{"type": "string", "example": `"v3"`}}},
				"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref("OutcomeChange")}}},
				"responses": map[string]any{"200": withETag(ok("The changed outcome, with its new ETag.", "Outcome")), "401": e401, "403": errResp("A mentor may read but not change outcomes."),
					"404": e404, "409": errResp("Someone else changed the outcome during this request (without If-Match); nothing was changed."),
					"412": errResp("If-Match does not name the outcome's current version: someone changed it since it was read. Nothing was changed; read it again."),
					"422": errResp("Invalid change: errors per field (status, codes, exclude_reason, …).")},
			},
		},
		"/outcomes/export.csv": map[string]any{"get": map[string]any{
			"operationId": "exportOutcomesCSV", "tags": []string{"harvest"},
			"summary":    "The filtered outcomes with their codes as CSV (UTF-8 with BOM), headers in the caller's language. No cell starts with = + - @ TAB or CR whether the file is read with a comma or a semicolon: an apostrophe goes before such a character at the start of a value and after every , ; \" or line break in it. Logged in the audit log.",
			"parameters": append(append([]any{}, filters...), sep),
			"responses":  map[string]any{"200": file("CSV file.", "text/csv"), "401": e401, "404": e404, "422": e422},
		}},
		"/outcomes/export.xlsx": map[string]any{"get": map[string]any{
			"operationId": "exportOutcomesXLSX", "tags": []string{"harvest"},
			"summary":    "The same export as an Excel workbook (written streaming): the id is a number and the date a date cell. Logged in the audit log.",
			"parameters": filters,
			"responses":  map[string]any{"200": file("XLSX file.", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), "401": e401, "404": e404, "422": e422},
		}},
		"/partnerships/{id}/aggregates.csv": map[string]any{"get": map[string]any{
			"operationId": "exportOutcomeAggregatesCSV", "tags": []string{"harvest"},
			"summary":    "The dashboard numbers as CSV: one block per chart (title and series, then one row per label). Logged in the audit log.",
			"parameters": []any{idParam("partnership id"), q("round", "only this round", integer), q("group", "only this group", map[string]any{"type": "string"}), sep},
			"responses":  map[string]any{"200": file("CSV file.", "text/csv"), "401": e401, "404": e404, "422": e422},
		}},
		"/partnerships/{id}/aggregates.xlsx": map[string]any{"get": map[string]any{
			"operationId": "exportOutcomeAggregatesXLSX", "tags": []string{"harvest"},
			"summary":    "The dashboard numbers as an Excel workbook: one sheet per chart, counts as numbers. Logged in the audit log.",
			"parameters": []any{idParam("partnership id"), q("round", "only this round", integer), q("group", "only this group", map[string]any{"type": "string"})},
			"responses":  map[string]any{"200": file("XLSX file.", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), "401": e401, "404": e404, "422": e422},
		}},
		"/partnerships/{id}/aggregates": map[string]any{"get": map[string]any{
			"operationId": "outcomeAggregates", "tags": []string{"harvest"},
			"summary":    "A partnership's dashboard numbers, computed in the database. Excluded outcomes do not count. Any member may read them.",
			"parameters": []any{idParam("partnership id"), q("round", "only this round", integer), q("group", "only this group", map[string]any{"type": "string"})},
			"responses":  map[string]any{"200": ok("Counts.", "OutcomeAggregates"), "401": e401, "404": e404, "422": e422},
		}},
	}
	keyCount := map[string]any{"type": "object", "properties": map[string]any{"key": map[string]any{"type": "string"}, "count": map[string]any{"type": "integer"}}}
	arr := func(items map[string]any) map[string]any { return map[string]any{"type": "array", "items": items} }
	code := map[string]any{"type": "object", "properties": map[string]any{
		"id": integer, "partnership_id": map[string]any{"type": "integer", "description": "absent for the ten preset soft-effect codes"},
		"key": map[string]any{"type": "string"}, "name_nl": map[string]any{"type": "string"}, "name_fr": map[string]any{"type": "string"},
		"name_en": map[string]any{"type": "string"}, "retired_at": map[string]any{"type": "string", "format": "date-time"},
	}}
	schemas = map[string]any{
		"OutcomeCode": code,
		"Outcome": map[string]any{"type": "object", "required": []string{"id", "partnership_id", "status", "change", "codes", "blocks"}, "properties": map[string]any{
			"id": integer, "partnership_id": integer, "response_id": integer, "round_id": integer,
			"round_title": map[string]any{"type": "string"}, "cursist_id": integer, "group": map[string]any{"type": "string"},
			"language":              str("language of the original text"),
			"change":                str("the change: who, what, where, when (original language)"),
			"significance":          str("why it matters (original language)"),
			"sign":                  str("", "", "positive", "negative", "both"),
			"contribution":          str("how the project contributed (original language)"),
			"blocks":                arr(str("", "partnership", "outreach", "guidance", "training", "workplace", "aftercare")),
			"summary_nl":            str("Dutch summary written by a reviewer"),
			"change_type":           str("", "", "behaviour", "relationship", "action", "practice", "policy"),
			"intended":              str("", "", "intended", "unintended"),
			"reviewer_significance": str("", "", "high", "medium", "low"),
			"status":                str("", "new", "coded", "substantiated", "used", "excluded"),
			"exclude_reason":        map[string]any{"type": "string"},
			"source":                str("", "reflection", "interview", "meeting", "document", "observation", "demo"),
			"source_detail":         map[string]any{"type": "string"},
			"submitted_at":          map[string]any{"type": "string", "format": "date-time"},
			"created_at":            map[string]any{"type": "string", "format": "date-time"},
			"updated_at":            map[string]any{"type": "string", "format": "date-time"},
			"version":               map[string]any{"type": "integer", "description": "raised by one on every change; the ETag is \"v\" and this number, quoted"},
			"codes":                 arr(ref("OutcomeCode")),
			"translations":          arr(ref("OutcomeTranslation")),
		}},
		"OutcomeTranslation": map[string]any{"type": "object", "required": []string{"lang", "origin", "checked_at", "change", "significance", "contribution"}, "properties": map[string]any{
			"lang":         str("a working language of the partnership", "nl", "fr"),
			"origin":       str("machine: a draft from the translation service; human: written by staff", "machine", "human"),
			"checked_at":   map[string]any{"type": []string{"string", "null"}, "format": "date-time", "description": "when a person checked it; null: an unchecked machine draft"},
			"change":       str("the change, translated"),
			"significance": str("why it matters, translated"),
			"contribution": str("how the project contributed, translated"),
			"summary":      str("the reviewers' summary in this language (the Dutch one is summary_nl)"),
		}},
		"OutcomeList": map[string]any{"type": "object", "required": []string{"items", "total"}, "properties": map[string]any{
			"items": arr(ref("Outcome")), "total": map[string]any{"type": "integer"}, "page": map[string]any{"type": "integer"}, "per_page": map[string]any{"type": "integer"},
		}},
		"OutcomeChange": map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{
			"summary_nl":            map[string]any{"type": "string"},
			"code_ids":              map[string]any{"type": "array", "items": integer, "description": "the new set of codes"},
			"add_code_ids":          map[string]any{"type": "array", "items": integer, "description": "codes to add to the current ones"},
			"status":                str("", "new", "coded", "substantiated", "used", "excluded"),
			"exclude_reason":        map[string]any{"type": "string"},
			"change_type":           str("", "", "behaviour", "relationship", "action", "practice", "policy"),
			"intended":              str("", "", "intended", "unintended"),
			"reviewer_significance": str("", "", "high", "medium", "low"),
		}},
		"OutcomeAggregates": map[string]any{"type": "object", "properties": map[string]any{
			"partnership_id": integer, "total": map[string]any{"type": "integer"},
			"by_sign": arr(map[string]any{"type": "object", "properties": map[string]any{"sign": map[string]any{"type": "string"}, "count": map[string]any{"type": "integer"}}}),
			"by_code": arr(map[string]any{"type": "object", "properties": map[string]any{"code_id": integer, "key": map[string]any{"type": "string"},
				"positive": map[string]any{"type": "integer"}, "negative": map[string]any{"type": "integer"}, "both": map[string]any{"type": "integer"},
				"unsigned": map[string]any{"type": "integer"}, "total": map[string]any{"type": "integer"}}}),
			"by_block": arr(keyCount), "by_group": arr(keyCount), "by_status": arr(keyCount), "by_period": arr(keyCount),
			"by_round": arr(map[string]any{"type": "object", "properties": map[string]any{"round_id": integer, "title": map[string]any{"type": "string"},
				"outcomes": map[string]any{"type": "integer"}, "responses": map[string]any{"type": "integer"},
				"invited": map[string]any{"type": "integer", "description": "active cursists of the round's group (0 when unknown)"}}}),
			"trend": arr(map[string]any{"type": "object", "properties": map[string]any{"round_id": integer, "title": map[string]any{"type": "string"},
				"sign": map[string]any{"type": "string"}, "count": map[string]any{"type": "integer"}}}),
		}},
	}
	return paths, schemas
}
