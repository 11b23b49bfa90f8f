package server

import (
	"net/http"

	"oogst/harvest"
)

// harvestOps documents the harvest part of /api/v1.
func harvestOps() []apiOp {
	filters := []apiParam{
		docQueryID("partnership", "partnership id (must be one of the caller's)"),
		docQueryID("round", "round id"),
		docQuery("group", "group name", docString),
		docQueryEnum("status", "workflow status", enumStrings(harvest.Statuses)...),
		docQueryID("code", "code id"),
		docQueryID("barrier", "barrier id (a preset or the partnership's own)"),
		docQueryEnum("actor", "who changed (the social actor)", harvest.Actors...),
		docQueryEnum("sign", "positive, negative or both", "positive", "negative", "both"),
		docQuery("language", "original language tag", docString),
		docQuery("q", "text search in change, significance, contribution and summary (case-insensitive)", docString),
		docQueryEnum("block", "building block named as contribution", harvest.Blocks...),
		docQueryEnum("subst", "substantiation: none (never requested), requested (no agree, partly or disagree answer yet), agreed, partly or disagreed (the strongest answer: disagree over partly over agree)", harvest.SubstStates...),
		docQuery("month", "UTC calendar month of submission, YYYY-MM", map[string]any{"type": "string", "pattern": `^[0-9]{4}-(0[1-9]|1[0-2])$`}),
	}
	paging := []apiParam{
		docQuery("page", "1-based page", map[string]any{"type": "integer", "minimum": 1}),
		docQuery("per_page", "page size (default 50, at most 500)", map[string]any{"type": "integer", "minimum": 1, "maximum": maxPerPage}),
	}
	sep := docQueryEnum("sep", "separator: semicolon (the default for Dutch and French readers, as Excel in Belgium expects) or comma (the default otherwise)", "semicolon", "comma")
	dashboard := []apiParam{docPathID("id", "partnership id"), docQueryID("round", "only this round"), docQuery("group", "only this group", docString)}
	outcomeID := docPathID("id", "outcome id")
	e404 := errResp(http.StatusNotFound, "No such object, or not in the caller's partnerships (existence is not confirmed).")
	e422 := errResp(http.StatusUnprocessableEntity, "A query parameter is not valid (not a whole number, out of range, or not one of the listed values): errors names each such parameter with a translated message.")
	csv := func(desc string) apiResp {
		return apiResp{Status: http.StatusOK, Desc: desc, Body: apiFile{}, Media: []string{"text/csv"}}
	}
	xlsx := func(desc string) apiResp {
		return apiResp{Status: http.StatusOK, Desc: desc, Body: apiFile{}, Media: []string{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}
	}
	tags := []string{"harvest"}
	return []apiOp{{
		Method: http.MethodGet, Path: "/outcomes", ID: "listOutcomes", Tags: tags,
		Summary:   "Outcomes the caller may read, newest first. Coordinators and partners see their partnerships' outcomes; a mentor only their own group's.",
		Params:    append(append([]apiParam{}, filters...), paging...),
		Responses: []apiResp{{Status: http.StatusOK, Desc: "One page of outcomes and the total that matched.", Body: apiOutcomeList{}}, e404, e422},
	}, {
		Method: http.MethodGet, Path: "/outcomes/{id}", ID: "getOutcome", Tags: tags,
		Summary: "One outcome with its codes and building blocks.",
		Params:  []apiParam{outcomeID},
		Responses: []apiResp{{Status: http.StatusOK, Desc: "The outcome. The ETag header names its current version; send it back as If-Match when changing it.",
			Body: apiOutcome{}, ETag: true}, e404},
	}, {
		Method: http.MethodPatch, Path: "/outcomes/{id}", ID: "updateOutcome", Tags: tags,
		Summary: "Change codes, barriers, status, Dutch summary, classification, social actor, contribution strength or the steering group's note (coordinators and partners). Every change is kept in the outcome's history. Moving to excluded needs exclude_reason; coded, substantiated and used need at least one code.",
		Params: []apiParam{outcomeID, {Name: "If-Match", In: "header",
			Desc:   "The ETag from GET /outcomes/{id} (\"v\" and the version, quoted). The change is applied only if the outcome is still at that version; without the header (or with *) it is applied to whatever is current.",
			Schema: map[string]any{"type": "string", "example": `"v3"`}}},
		Request: apiOutcomeChange{},
		Responses: []apiResp{
			{Status: http.StatusOK, Desc: "The changed outcome, with its new ETag.", Body: apiOutcome{}, ETag: true},
			errResp(http.StatusForbidden, "A mentor may read but not change outcomes."),
			e404,
			errResp(http.StatusConflict, "Someone else changed the outcome during this request (without If-Match); nothing was changed."),
			errResp(http.StatusPreconditionFailed, "If-Match does not name the outcome's current version: someone changed it since it was read. Nothing was changed; read it again."),
			errResp(http.StatusUnprocessableEntity, "Invalid change: errors per field (status, codes, exclude_reason, …)."),
		},
	}, {
		Method: http.MethodGet, Path: "/outcomes/export.csv", ID: "exportOutcomesCSV", Tags: tags,
		Summary:   "The filtered outcomes with their codes as CSV (UTF-8 with BOM), headers in the caller's language. No cell starts with = + - @ TAB or CR whether the file is read with a comma or a semicolon: an apostrophe goes before such a character at the start of a value and after every , ; \" or line break in it. Logged in the audit log.",
		Params:    append(append([]apiParam{}, filters...), sep),
		Responses: []apiResp{csv("CSV file."), e404, e422},
	}, {
		Method: http.MethodGet, Path: "/outcomes/export.xlsx", ID: "exportOutcomesXLSX", Tags: tags,
		Summary:   "The same export as an Excel workbook (written streaming): the id is a number and the date a date cell. Logged in the audit log.",
		Params:    filters,
		Responses: []apiResp{xlsx("XLSX file."), e404, e422},
	}, {
		Method: http.MethodGet, Path: "/partnerships/{id}/aggregates", ID: "outcomeAggregates", Tags: tags,
		Summary:   "A partnership's dashboard numbers, computed in the database. Excluded outcomes do not count. Any member may read them.",
		Params:    dashboard,
		Responses: []apiResp{{Status: http.StatusOK, Desc: "Counts.", Body: apiAggregates{}}, e404, e422},
	}, {
		Method: http.MethodGet, Path: "/partnerships/{id}/aggregates.csv", ID: "exportOutcomeAggregatesCSV", Tags: tags,
		Summary:   "The dashboard numbers as CSV: one block per chart (title and series, then one row per label). Logged in the audit log.",
		Params:    append(append([]apiParam{}, dashboard...), sep),
		Responses: []apiResp{csv("CSV file."), e404, e422},
	}, {
		Method: http.MethodGet, Path: "/partnerships/{id}/aggregates.xlsx", ID: "exportOutcomeAggregatesXLSX", Tags: tags,
		Summary:   "The dashboard numbers as an Excel workbook: one sheet per chart, counts as numbers. Logged in the audit log.",
		Params:    dashboard,
		Responses: []apiResp{xlsx("XLSX file."), e404, e422},
	}}
}
