package server

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
	"oogst/survey"
)

// apiOp is one documented operation of /api/v1. Request and response bodies are given
// as values of the structs the handler decodes and encodes; their schemas come from
// reflection (apidoc_schema.go). The tables live in api_ops_<domain>.go.
type apiOp struct {
	Method, Path string // Path relative to /api/v1, with {name} parameters
	ID           string // operationId ("" where the document never had one)
	Tags         []string
	Summary      string
	Description  string
	Public       bool // no token needed (the tablet's join code is the capability)
	Params       []apiParam
	Request      any    // JSON body (a struct value), or nil
	RequestMedia string // media type of Request when not JSON (multipart/form-data)
	Responses    []apiResp
}

// apiParam is a path, query or header parameter.
type apiParam struct {
	Name, In, Desc string
	Required       bool
	Schema         map[string]any
}

// apiResp is one status an operation answers with. Body is a struct value (JSON), an
// apiFile (a download of Media) or nil (no body).
type apiResp struct {
	Status int
	Desc   string
	Body   any
	Media  []string // the media types of an apiFile or audio answer
	ETag   bool     // the answer carries an ETag header
}

// apiFile marks a binary answer or upload field.
type apiFile struct{}

// errResp is an error answer documented with the Error schema.
func errResp(status int, desc string) apiResp {
	return apiResp{Status: status, Desc: desc, Body: apiError{}}
}

// apiOperations is every documented operation; the route test checks it against the
// routes registered under /api/.
func apiOperations() []apiOp {
	ops := []apiOp{{
		Method: http.MethodGet, Path: "/openapi.json", Public: true,
		Summary:   "This document",
		Responses: []apiResp{{Status: http.StatusOK, Desc: "The OpenAPI 3.1 description of this API.", Body: map[string]any{}}},
	}}
	for _, part := range [][]apiOp{peopleOps(), surveyOps(), harvestOps(), markersOps()} {
		ops = append(ops, part...)
	}
	return ops
}

// apiEnums are the allowed values of the domain's named string types.
func apiEnums() map[reflect.Type][]string {
	return map[reflect.Type][]string{
		reflect.TypeFor[harvest.Status](): enumStrings(harvest.Statuses),
		reflect.TypeFor[markers.Level]():  enumStrings(markers.Levels),
		reflect.TypeFor[markers.Rating](): enumStrings(markers.Ratings),
		reflect.TypeFor[survey.QType]():   enumStrings(survey.QTypes),
		reflect.TypeFor[people.Role]():    enumStrings(people.Roles),
	}
}

func enumStrings[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// buildOpenAPI assembles the document served at /api/v1/openapi.json.
func buildOpenAPI(baseURL string, ops []apiOp) map[string]any {
	g := newSchemaGen()
	paths := map[string]any{}
	for _, op := range ops {
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		item[strings.ToLower(op.Method)] = g.operation(op)
	}
	g.of(reflect.TypeFor[apiError]())
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Oogst API",
			"version":     "1",
			"description": "Outcome harvesting and progress markers. Authenticate with a personal token: Authorization: Bearer <token>. Lists return {\"items\": [...], \"total\": N}. Another partnership's data answers 404.",
		},
		"servers": []any{map[string]any{"url": baseURL + "/api/v1"}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         g.components,
		},
		"security": []any{map[string]any{"bearer": []string{}}},
		"paths":    paths,
	}
}

// operation is one operation object. Every operation can answer 503 (database
// unreachable, or disk or database full; with Retry-After), and every one that needs
// a token 401.
func (g *schemaGen) operation(op apiOp) map[string]any {
	o := map[string]any{"summary": op.Summary}
	if op.ID != "" {
		o["operationId"] = op.ID
	}
	if len(op.Tags) > 0 {
		o["tags"] = op.Tags
	}
	if op.Description != "" {
		o["description"] = op.Description
	}
	if op.Public {
		o["security"] = []any{}
	}
	if len(op.Params) > 0 {
		ps := make([]any, len(op.Params))
		for i, p := range op.Params {
			m := map[string]any{"name": p.Name, "in": p.In, "required": p.Required || p.In == "path", "schema": p.Schema}
			if p.Desc != "" {
				m["description"] = p.Desc
			}
			ps[i] = m
		}
		o["parameters"] = ps
	}
	if op.Request != nil {
		media := op.RequestMedia
		if media == "" {
			media = "application/json"
		}
		o["requestBody"] = map[string]any{"required": true, "content": map[string]any{media: map[string]any{"schema": g.of(reflect.TypeOf(op.Request))}}}
	}
	resps := map[string]any{}
	for _, r := range op.Responses {
		resps[strconv.Itoa(r.Status)] = g.response(r)
	}
	if resps["503"] == nil {
		resps["503"] = g.response(errResp(http.StatusServiceUnavailable, "The database cannot be reached, or the disk or database is full. Retry after the seconds in Retry-After."))
	}
	if !op.Public && resps["401"] == nil {
		resps["401"] = g.response(errResp(http.StatusUnauthorized, "No token, or a bad or revoked one."))
	}
	o["responses"] = resps
	return o
}

func (g *schemaGen) response(r apiResp) map[string]any {
	out := map[string]any{"description": r.Desc}
	switch r.Body.(type) {
	case nil:
	case apiFile:
		content := map[string]any{}
		for _, m := range r.Media {
			content[m] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		out["content"] = content
	default:
		out["content"] = map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeOf(r.Body))}}
	}
	if r.ETag {
		out["headers"] = map[string]any{"ETag": map[string]any{"description": "the outcome's version, e.g. \"v3\"", "schema": map[string]any{"type": "string"}}}
	}
	return out
}

// docPathID is a numeric path parameter.
func docPathID(name, desc string) apiParam {
	return apiParam{Name: name, In: "path", Desc: desc, Required: true, Schema: map[string]any{"type": "integer", "format": "int64"}}
}

// docQuery is an optional query parameter.
func docQuery(name, desc string, schema map[string]any) apiParam {
	return apiParam{Name: name, In: "query", Desc: desc, Schema: schema}
}

// docQueryID is an optional numeric query parameter (an id).
func docQueryID(name, desc string) apiParam {
	return docQuery(name, desc, map[string]any{"type": "integer", "format": "int64"})
}

// docQueryEnum is an optional query parameter that takes one of values.
func docQueryEnum(name, desc string, values ...string) apiParam {
	return docQuery(name, desc, map[string]any{"type": "string", "enum": values})
}

var docString = map[string]any{"type": "string"}
