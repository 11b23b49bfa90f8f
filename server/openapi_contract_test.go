package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/people"
	"oogst/server/servertest"
)

// TestOpenAPIDocumentsWhatTheAPIAnswers calls every API operation for its successes
// and its errors (no or a bad token, another partnership, invalid input) and checks
// against the served OpenAPI document that the status is listed for that operation and
// that the body is valid against the schema for that status: types, enums, required
// fields present and no field the schema does not describe.
func TestOpenAPIDocumentsWhatTheAPIAnswers(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	a, b := env.Fix.A.ID, env.Fix.B.ID
	storePayloads(t, env, []string{"=1", "+2", "-3", "@4"})
	r := surveyRound(t, env, "a", "Ronde", true)
	var doc map[string]any
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)

	coord, mentor := tokenClient(t, env, "coordinator@a"), tokenClient(t, env, "mentor@a")
	anon, badToken := env.Client(t), env.Client(t)
	badToken.Token = "not-a-token"
	var outcomes struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	coord.Get(t, "/api/v1/outcomes").JSON(t, &outcomes)
	var bps struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	coord.Get(t, "/api/v1/boundary-partners").JSON(t, &bps)
	if len(outcomes.Items) == 0 || len(bps.Items) == 0 {
		t.Fatal("no outcome or boundary partner to look at; the test would prove little")
	}
	oid, bpid := outcomes.Items[0].ID, bps.Items[0].ID
	codes, err := harvest.CodeTerms().List(context.Background(), env.DB, people.Scope{Roles: map[int64]people.Role{a: people.RoleCoordinator}}, a)
	if err != nil || len(codes) == 0 {
		t.Fatalf("no code to put on an outcome: %v", err)
	}
	codeID := codes[0].ID
	voice := uuid.NewString()

	type call struct {
		c      *servertest.Client
		method string
		op     string // the OpenAPI path
		path   string
		body   any
		want   int
	}
	staffGets := map[string]string{
		"/partnerships": "/api/v1/partnerships", "/partnerships/{id}/cursists": fmt.Sprintf("/api/v1/partnerships/%d/cursists", a),
		"/outcomes": "/api/v1/outcomes", "/outcomes/{id}": fmt.Sprintf("/api/v1/outcomes/%d", oid),
		"/partnerships/{id}/aggregates": fmt.Sprintf("/api/v1/partnerships/%d/aggregates", a),
		"/boundary-partners":            "/api/v1/boundary-partners", "/boundary-partners/{id}": fmt.Sprintf("/api/v1/boundary-partners/%d", bpid),
		"/periods": "/api/v1/periods", "/journals": "/api/v1/journals",
		"/outcomes/export.csv": "/api/v1/outcomes/export.csv", "/outcomes/export.xlsx": "/api/v1/outcomes/export.xlsx",
		"/partnerships/{id}/aggregates.csv":  fmt.Sprintf("/api/v1/partnerships/%d/aggregates.csv", a),
		"/partnerships/{id}/aggregates.xlsx": fmt.Sprintf("/api/v1/partnerships/%d/aggregates.xlsx", a),
	}
	var calls []call
	for op, path := range staffGets {
		calls = append(calls, call{coord, "GET", op, path, nil, 200}, call{anon, "GET", op, path, nil, 401}, call{badToken, "GET", op, path, nil, 401})
	}
	calls = append(calls,
		call{coord, "GET", "/partnerships/{id}/cursists", fmt.Sprintf("/api/v1/partnerships/%d/cursists", b), nil, 404},
		call{coord, "GET", "/outcomes", "/api/v1/outcomes?per_page=0", nil, 422},
		call{coord, "GET", "/outcomes", fmt.Sprintf("/api/v1/outcomes?partnership=%d", b), nil, 404},
		call{coord, "GET", "/outcomes/{id}", "/api/v1/outcomes/99999999", nil, 404},
		call{coord, "PATCH", "/outcomes/{id}", fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"summary_nl": "Samenvatting"}, 200},
		call{coord, "PATCH", "/outcomes/{id}", fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"status": "bogus"}, 422},
		call{mentor, "PATCH", "/outcomes/{id}", fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"summary_nl": "x"}, 403},
		call{anon, "PATCH", "/outcomes/{id}", fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"summary_nl": "x"}, 401},
		call{coord, "GET", "/partnerships/{id}/aggregates", fmt.Sprintf("/api/v1/partnerships/%d/aggregates", b), nil, 404},
		call{coord, "GET", "/partnerships/{id}/aggregates", fmt.Sprintf("/api/v1/partnerships/%d/aggregates?round=x", a), nil, 422},
		call{coord, "GET", "/boundary-partners", "/api/v1/boundary-partners?partnership=x", nil, 422},
		call{coord, "GET", "/boundary-partners/{id}", "/api/v1/boundary-partners/99999999", nil, 404},
		call{coord, "GET", "/periods", fmt.Sprintf("/api/v1/periods?partnership=%d", b), nil, 404},
		call{coord, "GET", "/journals", "/api/v1/journals?period=x", nil, 422},
		call{coord, "GET", "/outcomes/export.csv", "/api/v1/outcomes/export.csv?status=x", nil, 422},
		call{anon, "GET", "/rounds/{code}", "/api/v1/rounds/" + r.Code + "?lang=ar", nil, 200},
		call{anon, "GET", "/rounds/{code}", "/api/v1/rounds/QQQQQQ", nil, 404},
		call{anon, "GET", "/rounds/{code}/cursists", "/api/v1/rounds/" + r.Code + "/cursists", nil, 200},
		call{anon, "GET", "/rounds/{code}/audio/prompts/{question}/{lang}", "/api/v1/rounds/" + r.Code + "/audio/prompts/q1/nl", nil, 404},
		call{anon, "GET", "/openapi.json", "/api/v1/openapi.json", nil, 200},
		call{coord, "PATCH", "/outcomes/{id}", fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"add_code_ids": []int64{codeID}, "status": "coded"}, 200},
	)
	check := func(cl call) {
		var resp *servertest.Response
		if cl.body != nil {
			resp = cl.c.SendJSON(t, cl.method, cl.path, cl.body)
		} else {
			resp = cl.c.Get(t, cl.path)
		}
		checkAgainstDoc(t, doc, cl.method, cl.op, cl.path, resp, cl.want)
		if cl.body != nil && cl.want < 300 {
			checkRequest(t, doc, cl.method, cl.op, cl.body)
		}
	}
	for _, cl := range calls {
		check(cl)
	}
	// The tablet's writes: first time, again, and refused.
	up := upload(t, anon, r.Code, voice, webm(300))
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/audio", "audio", up, 201)
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/audio", "audio again", upload(t, anon, r.Code, voice, webm(300)), 200)
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/audio", "audio, not audio", upload(t, anon, r.Code, uuid.NewString(), []byte("plain text")), 422)
	id := uuid.NewString()
	checkRequest(t, doc, "POST", "/rounds/{code}/responses", submitBody(id, goodAnswers()))
	for i, want := range []int{201, 200} {
		resp := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(id, goodAnswers()))
		checkAgainstDoc(t, doc, "POST", "/rounds/{code}/responses", fmt.Sprintf("submit %d", i), resp, want)
	}
	badSub := submitBody(uuid.NewString(), map[string]any{"sign": "maybe"})
	bad := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", badSub)
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/responses", "bad submit", bad, 422)
	// The refused one handed to the coordinator, and a report that is not about it.
	report := map[string]any{"id": badSub["id"], "reason": bad.Body, "payload": badSub}
	checkRequest(t, doc, "POST", "/rounds/{code}/undeliverable", report)
	kept := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/undeliverable", report)
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/undeliverable", "undeliverable", kept, 202)
	wrong := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/undeliverable", map[string]any{"id": "x", "reason": "?", "payload": badSub})
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/undeliverable", "undeliverable, bad id", wrong, 422)
	// A change based on a version that is no longer current.
	coord.Header = http.Header{"If-Match": {`"v1"`}}
	stale := coord.SendJSON(t, http.MethodPatch, fmt.Sprintf("/api/v1/outcomes/%d", oid), map[string]any{"summary_nl": "Oud"})
	coord.Header = nil
	checkAgainstDoc(t, doc, "PATCH", "/outcomes/{id}", "stale If-Match", stale, 412)

	// Every operation lists 503 (database down or disk full) and every staff one 401.
	for p, item := range doc["paths"].(map[string]any) {
		for m, o := range item.(map[string]any) {
			op := o.(map[string]any)
			resps := op["responses"].(map[string]any)
			if resps["503"] == nil {
				t.Errorf("%s %s does not list 503", m, p)
			}
			if sec, ok := op["security"].([]any); (!ok || len(sec) > 0) && resps["401"] == nil && p != "/openapi.json" {
				t.Errorf("%s %s needs a token but does not list 401", m, p)
			}
		}
	}
}

// checkAgainstDoc checks one answer: the status it had, listed for the operation, and
// its JSON body valid against the schema of that status (see conforms).
func checkAgainstDoc(t *testing.T, doc map[string]any, method, op, what string, resp *servertest.Response, want int) {
	t.Helper()
	if resp.Status != want {
		t.Errorf("%s %s: status %d, want %d (%.200s)", method, what, resp.Status, want, resp.Body)
		return
	}
	item, _ := doc["paths"].(map[string]any)[op].(map[string]any)
	o, _ := item[strings.ToLower(method)].(map[string]any)
	if o == nil {
		t.Errorf("%s %s is not in the OpenAPI document", method, op)
		return
	}
	r, _ := o["responses"].(map[string]any)[fmt.Sprint(resp.Status)].(map[string]any)
	if r == nil {
		t.Errorf("%s %s answered %d, which the document does not list (%s)", method, op, resp.Status, what)
		return
	}
	content, _ := r["content"].(map[string]any)
	ct := resp.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "application/json") {
		if resp.Body != "" && !mediaListed(content, ct) {
			t.Errorf("%s %s %d: body of type %q, the document lists %v", method, op, resp.Status, ct, mediaTypes(content))
		}
		return
	}
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	if schema == nil {
		t.Errorf("%s %s %d: JSON body but no JSON schema documented", method, op, resp.Status)
		return
	}
	var body any
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("%s %s: %v", method, what, err)
	}
	for _, m := range conforms(doc, schema, body, fmt.Sprintf("%s %s %d", method, op, resp.Status)) {
		t.Error(m)
	}
}

// checkRequest validates a body the API accepted against the operation's request
// schema, so the document does not refuse what the handler takes.
func checkRequest(t *testing.T, doc map[string]any, method, op string, body any) {
	t.Helper()
	o, _ := doc["paths"].(map[string]any)[op].(map[string]any)[strings.ToLower(method)].(map[string]any)
	rb, _ := o["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	if schema == nil {
		t.Errorf("%s %s takes a JSON body but documents no schema for it", method, op)
		return
	}
	raw, _ := json.Marshal(body)
	var v any
	_ = json.Unmarshal(raw, &v)
	for _, m := range conforms(doc, schema, v, method+" "+op+" request") {
		t.Error(m)
	}
}

func mediaListed(content map[string]any, ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	_, ok := content[strings.TrimSpace(mt)]
	return ok
}

func mediaTypes(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// conforms validates a JSON value strictly against its schema and returns what is
// wrong: a value of another type (null only where the type allows it), a value not in
// the enum, a required field missing, a field the schema does not describe (objects
// with properties are closed unless additionalProperties says otherwise; a schema
// without type or properties allows any value), a date-time
// that is not RFC 3339, and a dangling $ref.
func conforms(doc, schema map[string]any, v any, where string) []string {
	for {
		ref, ok := schema["$ref"].(string)
		if !ok {
			break
		}
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		schema, _ = doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if schema == nil {
			return []string{where + ": dangling $ref " + ref}
		}
	}
	if all, ok := schema["allOf"].([]any); ok {
		var out []string
		for _, s := range all {
			out = append(out, conforms(doc, s.(map[string]any), v, where)...)
		}
		return out
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		var first []string
		for i, s := range alts {
			errs := conforms(doc, s.(map[string]any), v, where)
			if len(errs) == 0 {
				return nil
			}
			if i == 0 {
				first = errs
			}
		}
		return append([]string{where + ": matches none of anyOf"}, first...)
	}
	var out []string
	if !typeAllows(schema["type"], v) {
		return []string{fmt.Sprintf("%s: %s is not of type %v", where, short(v), schema["type"])}
	}
	if enum, ok := schema["enum"].([]any); ok && v != nil {
		found := false
		for _, e := range enum {
			if e == v {
				found = true
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s: %s is not one of %v", where, short(v), enum))
		}
	}
	if schema["format"] == "date-time" {
		if s, ok := v.(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
				out = append(out, fmt.Sprintf("%s: %q is not a date-time", where, s))
			}
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, closed := schema["properties"].(map[string]any)
		if !closed && schema["additionalProperties"] == nil {
			break // any object
		}
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := x[r.(string)]; !ok {
				out = append(out, fmt.Sprintf("%s: required field %s is missing", where, r))
			}
		}
		names := make([]string, 0, len(x))
		for k := range x {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if ps, ok := props[k].(map[string]any); ok {
				out = append(out, conforms(doc, ps, x[k], where+"."+k)...)
				continue
			}
			switch addl := schema["additionalProperties"].(type) {
			case bool:
				if addl {
					continue
				}
			case map[string]any:
				out = append(out, conforms(doc, addl, x[k], where+"."+k)...)
				continue
			}
			out = append(out, fmt.Sprintf("%s: field %s is not documented", where, k))
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		if schema["type"] == nil {
			break // any value
		}
		for i, it := range x {
			if items == nil {
				return append(out, where+": an array without an item schema")
			}
			out = append(out, conforms(doc, items, it, fmt.Sprintf("%s[%d]", where, i))...)
		}
	}
	return out
}

// typeAllows reports whether v is of the schema type t (a name or a list of names; no
// type allows anything).
func typeAllows(t any, v any) bool {
	var names []string
	switch x := t.(type) {
	case nil:
		return true
	case string:
		names = []string{x}
	case []any:
		for _, n := range x {
			names = append(names, n.(string))
		}
	}
	for _, n := range names {
		switch x := v.(type) {
		case nil:
			if n == "null" {
				return true
			}
		case string:
			if n == "string" {
				return true
			}
		case bool:
			if n == "boolean" {
				return true
			}
		case float64:
			if n == "number" || (n == "integer" && x == math.Trunc(x)) {
				return true
			}
		case map[string]any:
			if n == "object" {
				return true
			}
		case []any:
			if n == "array" {
				return true
			}
		}
	}
	return false
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}
