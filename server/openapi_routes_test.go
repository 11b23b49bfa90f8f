package server_test

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestOpenAPIDocumentsEveryRoute fails when a route under /api/ has no documented
// operation, or a documented operation has no route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	env := servertest.New(t, dbtest.SQLite(t))
	var doc map[string]any
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)
	documented := documentedOps(doc)
	routed := map[string]bool{}
	param := regexp.MustCompile(`:([a-z_]+)`)
	for _, r := range env.Server.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			t.Errorf("%s %s is under /api/ but not /api/v1/, which the document describes", r.Method, r.Path)
			continue
		}
		key := r.Method + " " + param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
		routed[key] = true
		if !documented[key] {
			t.Errorf("route %s %s has no operation in the OpenAPI document", r.Method, r.Path)
		}
	}
	if len(routed) < 20 {
		t.Fatalf("only %d API routes found; the test would prove little", len(routed))
	}
	for key := range documented {
		if !routed[key] {
			t.Errorf("the OpenAPI document describes %s, which no route serves", key)
		}
	}
}

func documentedOps(doc map[string]any) map[string]bool {
	out := map[string]bool{}
	for p, item := range doc["paths"].(map[string]any) {
		for m := range item.(map[string]any) {
			out[strings.ToUpper(m)+" "+p] = true
		}
	}
	return out
}

// TestOpenAPIStillDescribesTheSameOperations compares the served document's outline
// (per operation: operationId, tags, whether it needs a token, parameters, request
// media types, and statuses with their media types) with testdata/openapi_outline.json,
// which was taken from the hand-written document this one replaced. A change to the
// outline is a change clients see: make it on purpose, in the file too.
func TestOpenAPIStillDescribesTheSameOperations(t *testing.T) {
	env := servertest.New(t, dbtest.SQLite(t))
	var doc map[string]any
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)
	got := outline(doc)
	raw, err := os.ReadFile("testdata/openapi_outline.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]opOutline
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for _, k := range sortedKeys(want, got) {
		w, ok1 := want[k]
		g, ok2 := got[k]
		switch {
		case !ok2:
			t.Errorf("%s is no longer documented", k)
		case !ok1:
			t.Errorf("%s is documented but not in the outline", k)
		default:
			wj, _ := json.Marshal(w)
			gj, _ := json.Marshal(g)
			if string(wj) != string(gj) {
				t.Errorf("%s changed:\n got  %s\n want %s", k, gj, wj)
			}
		}
	}
	if len(want) < 20 {
		t.Fatalf("the outline has %d operations; it should have every one", len(want))
	}
	for _, k := range []string{"openapi", "info", "servers", "security"} {
		if doc[k] == nil {
			t.Errorf("document lacks %s", k)
		}
	}
	// Generated clients name their types after these.
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"Attachment", "BoundaryPartner", "Cursist", "CursistList", "Error", "JournalEntry", "MonitoringPeriod",
		"Outcome", "OutcomeAggregates", "OutcomeChange", "OutcomeCode", "OutcomeJournal", "OutcomeList", "Partnership",
		"PartnershipList", "ProgressMarker", "PublicRound", "StoredResponse", "Submission"} {
		if schemas[name] == nil {
			t.Errorf("schema %s is gone", name)
		}
	}
	if s, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)["bearer"].(map[string]any); s["scheme"] != "bearer" {
		t.Errorf("bearer security scheme changed: %v", s)
	}
}

// opOutline is what a client relies on of one operation.
type opOutline struct {
	OperationID string              `json:"operationId,omitempty"`
	Tags        []any               `json:"tags,omitempty"`
	Public      bool                `json:"public"`
	Params      []string            `json:"params"`
	Request     []string            `json:"request"`
	Responses   map[string][]string `json:"responses"`
}

func outline(doc map[string]any) map[string]opOutline {
	out := map[string]opOutline{}
	for p, item := range doc["paths"].(map[string]any) {
		for m, v := range item.(map[string]any) {
			o := v.(map[string]any)
			ol := opOutline{Params: []string{}, Request: []string{}, Responses: map[string][]string{}}
			ol.OperationID, _ = o["operationId"].(string)
			ol.Tags, _ = o["tags"].([]any)
			sec, hasSec := o["security"].([]any)
			ol.Public = hasSec && len(sec) == 0
			for _, x := range asList(o["parameters"]) {
				pm := x.(map[string]any)
				req := ""
				if pm["required"] == true {
					req = " required"
				}
				ol.Params = append(ol.Params, pm["in"].(string)+" "+pm["name"].(string)+req)
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				ol.Request = mediaTypes(rb["content"].(map[string]any))
			}
			for st, r := range o["responses"].(map[string]any) {
				c, _ := r.(map[string]any)["content"].(map[string]any)
				ol.Responses[st] = mediaTypes(c)
			}
			sort.Strings(ol.Params)
			out[strings.ToUpper(m)+" "+p] = ol
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func sortedKeys(a, b map[string]opOutline) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
