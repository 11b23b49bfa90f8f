package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestOpenAPIDocumentsWhatTheAPIAnswers calls every API operation for its successes
// and its errors (no or a bad token, another partnership, invalid input) and checks
// against the served OpenAPI document that the status is listed for that operation and
// that every field of the JSON body is described in the schema for that status.
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
	)
	check := func(cl call) {
		var resp *servertest.Response
		if cl.body != nil {
			resp = cl.c.SendJSON(t, cl.method, cl.path, cl.body)
		} else {
			resp = cl.c.Get(t, cl.path)
		}
		checkAgainstDoc(t, doc, cl.method, cl.op, cl.path, resp, cl.want)
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
	for i, want := range []int{201, 200} {
		resp := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(id, goodAnswers()))
		checkAgainstDoc(t, doc, "POST", "/rounds/{code}/responses", fmt.Sprintf("submit %d", i), resp, want)
	}
	bad := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), map[string]any{"sign": "maybe"}))
	checkAgainstDoc(t, doc, "POST", "/rounds/{code}/responses", "bad submit", bad, 422)

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
// its JSON fields described by the schema of that status.
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
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return
	}
	content, _ := r["content"].(map[string]any)
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
	var missing []string
	undocumented(doc, schema, body, fmt.Sprintf("%s %s %d", method, op, resp.Status), &missing)
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("field %s is not documented", m)
	}
}

// undocumented walks a JSON value with its schema and collects fields the schema does
// not describe.
func undocumented(doc, schema map[string]any, v any, where string, out *[]string) {
	for {
		ref, ok := schema["$ref"].(string)
		if !ok {
			break
		}
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		schema, _ = doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if schema == nil {
			*out = append(*out, where+" (dangling $ref "+ref+")")
			return
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for k, val := range x {
			if ps, ok := props[k].(map[string]any); ok {
				undocumented(doc, ps, val, where+"."+k, out)
				continue
			}
			switch addl := schema["additionalProperties"].(type) {
			case bool:
				if addl {
					continue
				}
			case map[string]any:
				undocumented(doc, addl, val, where+"."+k, out)
				continue
			}
			*out = append(*out, where+"."+k)
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, it := range x {
			if items == nil {
				*out = append(*out, where+"[] (no item schema)")
				return
			}
			undocumented(doc, items, it, fmt.Sprintf("%s[%d]", where, i), out)
		}
	}
}
