package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"oogst/server/servertest"
)

// TestAPIListParamsAreStrict calls every API list (and export) with bad paging and
// filter values: each answers 422 with the API's error body naming the parameter in
// the caller's language; another partnership answers 404; good edge values pass.
func TestAPIListParamsAreStrict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a, b := env.Fix.A.ID, env.Fix.B.ID
		c := tokenClient(t, env, "coordinator@a")
		c.Lang = "fr"
		bad := []struct{ path, param string }{
			{"/api/v1/outcomes?per_page=501", "per_page"},
			{"/api/v1/outcomes?per_page=0", "per_page"},
			{"/api/v1/outcomes?per_page=abc", "per_page"},
			{"/api/v1/outcomes?page=-1", "page"},
			{"/api/v1/outcomes?page=0", "page"},
			{"/api/v1/outcomes?status=bogus", "status"},
			{"/api/v1/outcomes?sign=maybe", "sign"},
			{"/api/v1/outcomes?partnership=abc", "partnership"},
			{"/api/v1/outcomes?round=x", "round"},
			{"/api/v1/outcomes?code=1.5", "code"},
			{"/api/v1/outcomes/export.csv?status=bogus", "status"},
			{"/api/v1/outcomes/export.xlsx?partnership=abc", "partnership"},
			{fmt.Sprintf("/api/v1/partnerships/%d/aggregates?round=abc", a), "round"},
			{fmt.Sprintf("/api/v1/partnerships/%d/aggregates.csv?round=abc", a), "round"},
			{"/api/v1/boundary-partners?partnership=abc", "partnership"},
			{"/api/v1/periods?partnership=-3", "partnership"},
			{"/api/v1/journals?partnership=abc", "partnership"},
			{fmt.Sprintf("/api/v1/journals?partnership=%d&period=x", a), "period"},
		}
		for _, tc := range bad {
			r := c.Get(t, tc.path)
			var body apiError
			if r.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422 (%.200s)", tc.path, r.Status, r.Body)
				continue
			}
			r.JSON(t, &body)
			if body.Error == "" || len(body.Errors) != 1 || body.Errors[tc.param] == "" {
				t.Errorf("%s: body does not name %q: %s", tc.path, tc.param, r.Body)
			}
			if !strings.Contains(body.Errors[tc.param], "Indiquez") && !strings.Contains(body.Errors[tc.param], "Choisissez") {
				t.Errorf("%s: message not in French: %q", tc.path, body.Errors[tc.param])
			}
		}
		if r := c.Get(t, "/api/v1/outcomes?per_page=501"); !strings.Contains(r.Body, "de 1 à 500") {
			t.Errorf("per_page message does not give the range: %s", r.Body)
		}
		for _, path := range []string{
			fmt.Sprintf("/api/v1/outcomes?partnership=%d", b), fmt.Sprintf("/api/v1/outcomes?partnership=%d", b+1000),
			fmt.Sprintf("/api/v1/outcomes/export.csv?partnership=%d", b), fmt.Sprintf("/api/v1/boundary-partners?partnership=%d", b),
			fmt.Sprintf("/api/v1/periods?partnership=%d", b), fmt.Sprintf("/api/v1/journals?partnership=%d", b),
		} {
			if r := c.Get(t, path); r.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, r.Status)
			}
		}
		for _, path := range []string{"/api/v1/outcomes?per_page=500&page=1", "/api/v1/outcomes?per_page=1&page=3&status=new&sign=both",
			fmt.Sprintf("/api/v1/outcomes?partnership=%d", a), fmt.Sprintf("/api/v1/journals?partnership=%d", a), "/api/v1/periods"} {
			if r := c.Get(t, path); r.Status != http.StatusOK {
				t.Errorf("%s: %d, want 200 (%.200s)", path, r.Status, r.Body)
			}
		}
		var page struct {
			Page    int `json:"page"`
			PerPage int `json:"per_page"`
		}
		c.Get(t, "/api/v1/outcomes?per_page=500&page=2").JSON(t, &page)
		if page.PerPage != 500 || page.Page != 2 {
			t.Errorf("paging echoed as %+v", page)
		}
	})
}
