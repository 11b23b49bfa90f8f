package server

import (
	"time"

	"oogst/people"
)

// The people part of the API's answers. Handlers encode these structs and the OpenAPI
// document is generated from them (apidoc_schema.go), so the two cannot differ.

// apiPartnership is a partnership with the caller's role in it.
type apiPartnership struct {
	ID         int64       `json:"id"`
	Name       string      `json:"name"`
	Region     string      `json:"region"`
	Languages  string      `json:"languages" doc:"comma-separated language tags, e.g. nl,fr,ar"`
	ActiveFrom *time.Time  `json:"active_from,omitempty"`
	ActiveTo   *time.Time  `json:"active_to,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	Role       people.Role `json:"role"`
}

func (apiPartnership) apiName() string { return "Partnership" }

func toAPIPartnership(p people.PartnershipWithRole) apiPartnership {
	return apiPartnership{ID: p.ID, Name: p.Name, Region: p.Region, Languages: p.Languages,
		ActiveFrom: p.ActiveFrom, ActiveTo: p.ActiveTo, CreatedAt: p.CreatedAt, Role: p.Role}
}

// apiCursist is a cursist as the API shows it.
type apiCursist struct {
	ID                int64      `json:"id"`
	Code              string     `json:"code" example:"K7QF"`
	FirstName         string     `json:"first_name" doc:"optional; staff of the partnership only"`
	Group             string     `json:"group"`
	PreferredLanguage string     `json:"preferred_language" example:"ar"`
	ConsentAt         *time.Time `json:"consent_at"`
	ConsentVersion    string     `json:"consent_version"`
	Active            bool       `json:"active"`
	Status            string     `json:"status" enum:"in_training,paused,stopped,finished" doc:"current status beyond the classroom"`
	StatusDetail      string     `json:"status_detail" doc:"stop reason (stopped) or outflow result (finished); empty otherwise"`
	StatusSince       *string    `json:"status_since" doc:"day the current status began (2026-03-01); null: in training since the start"`
}

func (apiCursist) apiName() string { return "Cursist" }

func (apiCursist) apiDescription() string {
	return "A pseudonymous participant. There is no e-mail, national number or birth date."
}

func toAPICursist(cu people.Cursist) apiCursist {
	out := apiCursist{ID: cu.ID, Code: cu.Code, FirstName: cu.FirstName, Group: cu.GroupName, PreferredLanguage: cu.PreferredLanguage,
		ConsentAt: cu.ConsentAt, ConsentVersion: cu.ConsentVersion, Active: cu.Active, Status: cu.Status, StatusDetail: cu.StatusDetail}
	if cu.StatusSince != nil {
		day := cu.StatusSince.Format(time.DateOnly)
		out.StatusSince = &day
	}
	return out
}
