package server

import "net/http"

// peopleOps documents the people part of /api/v1.
func peopleOps() []apiOp {
	return []apiOp{{
		Method: http.MethodGet, Path: "/partnerships", ID: "listPartnerships", Tags: []string{"people"},
		Summary:   "The partnerships the caller belongs to, with the caller's role in each.",
		Responses: []apiResp{{Status: http.StatusOK, Desc: "The caller's partnerships, by name.", Body: apiList[apiPartnership]{}}},
	}, {
		Method: http.MethodGet, Path: "/partnerships/{id}/cursists", ID: "listCursists", Tags: []string{"people"},
		Summary: "The cursists of a partnership. Coordinators and partners see all of them; a mentor sees only their own group.",
		Params:  []apiParam{docPathID("id", "partnership id")},
		Responses: []apiResp{
			{Status: http.StatusOK, Desc: "The cursists, by group and code.", Body: apiList[apiCursist]{}},
			errResp(http.StatusNotFound, "No such partnership, or the caller is not a member (existence is not confirmed)."),
		},
	}}
}
