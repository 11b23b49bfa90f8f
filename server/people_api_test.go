package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

// tokenClient returns a client that authenticates with a fresh token of a fixture user.
func tokenClient(t *testing.T, env *servertest.Env, who string) *servertest.Client {
	t.Helper()
	raw, _, err := people.CreateToken(context.Background(), env.DB, env.Fix.Users[who].ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.Token = raw
	return c
}

type apiListBody struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
}

// TestAPITenancyWithTokens calls the people API with a token of every role on its own
// and on the other partnership.
func TestAPITenancyWithTokens(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a, b := env.Fix.A.ID, env.Fix.B.ID
		cases := []struct {
			who       string
			wantCodes []string // own partnership's cursists; nil: 404
		}{
			{"coordinator@a", []string{"KAAA", "KABA", "KACA"}},
			{"partner@a", []string{"KAAA", "KABA", "KACA"}},
			{"mentor@a", []string{"KAAA", "KABA"}}, // Groep A only
			{"admin", nil},
		}
		for _, tc := range cases {
			c := tokenClient(t, env, tc.who)
			r := c.Get(t, "/api/v1/partnerships")
			var ps apiListBody
			r.JSON(t, &ps)
			if r.Status != 200 || ps.Total != len(ps.Items) {
				t.Fatalf("%s partnerships: %d %s", tc.who, r.Status, r.Body)
			}
			if tc.who == "admin" && ps.Total != 0 || tc.who != "admin" && (ps.Total != 1 || ps.Items[0]["name"] != "Partnership A" || strings.Contains(r.Body, "Partnership B")) {
				t.Errorf("%s partnerships: %s", tc.who, r.Body)
			}
			r = c.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/cursists", a))
			if tc.wantCodes == nil {
				if r.Status != 404 || strings.Contains(r.Body, "KAAA") {
					t.Errorf("%s on A: %d", tc.who, r.Status)
				}
			} else {
				var cs apiListBody
				r.JSON(t, &cs)
				var codes []string
				for _, it := range cs.Items {
					codes = append(codes, it["code"].(string))
				}
				if r.Status != 200 || cs.Total != len(tc.wantCodes) || strings.Join(codes, ",") != strings.Join(tc.wantCodes, ",") {
					t.Errorf("%s cursists of A: %d %v", tc.who, r.Status, codes)
				}
				if tc.who == "coordinator@a" && cs.Items[0]["first_name"] != "CursistKAAA" {
					t.Errorf("first name missing: %v", cs.Items[0])
				}
			}
			r = c.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/cursists", b))
			if r.Status != 404 || strings.Contains(r.Body, "KAAB") {
				t.Errorf("%s on B: %d %s", tc.who, r.Status, r.Body)
			}
			for _, bad := range []string{"/api/v1/partnerships/99999/cursists", "/api/v1/partnerships/x/cursists"} {
				if r := c.Get(t, bad); r.Status != 404 {
					t.Errorf("%s %s: %d", tc.who, bad, r.Status)
				}
			}
		}
		// No token and bad tokens: 401 with a JSON error.
		anon := env.Client(t)
		for _, tok := range []string{"", "oogst_not-a-token", " "} {
			anon.Token = tok
			r := anon.Get(t, "/api/v1/partnerships")
			if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, `"error"`) {
				t.Errorf("token %q: %d %s", tok, r.Status, r.Body)
			}
		}
		anon.Token = ""
		if r := anon.Get(t, fmt.Sprintf("/api/v1/partnerships/%d/cursists", a)); r.Status != 401 {
			t.Errorf("anonymous cursists: %d", r.Status)
		}
	})
}

func TestOpenAPIDescribesPeopleAPI(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	var doc map[string]any
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/partnerships", "/partnerships/{id}/cursists"} {
		get, ok := paths[p].(map[string]any)["get"].(map[string]any)
		if !ok {
			t.Fatalf("%s has no get", p)
		}
		if _, ok := get["responses"].(map[string]any)["401"]; !ok {
			t.Errorf("%s lacks 401", p)
		}
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, s := range []string{"Partnership", "PartnershipList", "Cursist", "CursistList", "Error"} {
		if schemas[s] == nil {
			t.Errorf("schema %s missing", s)
		}
	}
}
