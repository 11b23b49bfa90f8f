package server

import "net/http"

// markersOps documents the markers part of /api/v1.
func markersOps() []apiOp {
	partnership := docQueryID("partnership", "only this partnership (404 when it is not yours, 422 when not a whole number)")
	e404 := errResp(http.StatusNotFound, "not found (or another partnership's)")
	e422 := errResp(http.StatusUnprocessableEntity, "a query parameter is not a positive whole number: errors names it")
	return []apiOp{{
		Method: http.MethodGet, Path: "/boundary-partners",
		Summary:     "Boundary partners of your partnerships, each with its progress markers",
		Description: "Coordinators and partners; mentors get an empty list (the markers area is not theirs).",
		Params:      []apiParam{partnership},
		Responses:   []apiResp{{Status: http.StatusOK, Desc: "boundary partners", Body: apiList[apiBoundaryPartner]{}}, e404, e422},
	}, {
		Method: http.MethodGet, Path: "/boundary-partners/{id}",
		Summary:   "One boundary partner with its markers",
		Params:    []apiParam{docPathID("id", "")},
		Responses: []apiResp{{Status: http.StatusOK, Desc: "the boundary partner", Body: apiBoundaryPartner{}}, e404},
	}, {
		Method: http.MethodGet, Path: "/periods",
		Summary:   "Monitoring periods of your partnerships, oldest first",
		Params:    []apiParam{partnership},
		Responses: []apiResp{{Status: http.StatusOK, Desc: "periods", Body: apiList[apiPeriod]{}}, e404, e422},
	}, {
		Method: http.MethodGet, Path: "/journals",
		Summary:   "Saved outcome journals with their observations per marker",
		Params:    []apiParam{partnership, docQueryID("period", "only this monitoring period")},
		Responses: []apiResp{{Status: http.StatusOK, Desc: "journals", Body: apiList[apiJournal]{}}, e404, e422},
	}}
}
