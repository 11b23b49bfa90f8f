package server

import (
	"time"

	"oogst/people"
)

// The people part of the API's answers. Handlers encode these structs and the OpenAPI
// document is generated from them (apidoc_schema.go), so the two cannot differ.

// apiList is the shape of every API list: {"items": [...], "total": N}. It is named
// after its item ("CursistList").
type apiList[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func (apiList[T]) apiName() string {
	var item T
	if n, ok := any(item).(apiNamed); ok {
		return n.apiName() + "List"
	}
	return ""
}

// listOf wraps items (never null) as an API list.
func listOf[T any](items []T) apiList[T] {
	if items == nil {
		items = []T{}
	}
	return apiList[T]{Items: items, Total: len(items)}
}

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
}

func (apiCursist) apiName() string { return "Cursist" }

func (apiCursist) apiDescription() string {
	return "A pseudonymous participant. There is no e-mail, national number or birth date."
}

func toAPICursist(cu people.Cursist) apiCursist {
	return apiCursist{ID: cu.ID, Code: cu.Code, FirstName: cu.FirstName, Group: cu.GroupName, PreferredLanguage: cu.PreferredLanguage,
		ConsentAt: cu.ConsentAt, ConsentVersion: cu.ConsentVersion, Active: cu.Active}
}

// mapAll converts a slice; nil becomes empty ([] in JSON).
func mapAll[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}

// mapList converts a slice, keeping nil as nil (null in JSON) and empty as empty.
func mapList[T, U any](in []T, f func(T) U) []U {
	if in == nil {
		return nil
	}
	out := make([]U, len(in))
	for i, x := range in {
		out[i] = f(x)
	}
	return out
}
