package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// reachLinks makes a round with personal links in partnership "a" or "b" and returns
// the round and its rows (the link of the group's first cursist first).
func reachLinks(t testing.TB, env *servertest.Env, which string) (survey.Round, []survey.LinkRow) {
	t.Helper()
	r := surveyRound(t, env, which, secret("Round"+which), false)
	rows, err := survey.IssueLinks(context.Background(), env.DB, env.Scope(t, "coordinator@"+which), r.ID, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return r, rows
}

func init() {
	coord := []string{"coordinator@a"}
	linkCase := func(suffix func(lid int64) string, form url.Values) tenancyCase {
		return tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			ra, la := reachLinks(t, env, "a")
			rb, lb := reachLinks(t, env, "b")
			p := func(r survey.Round, rows []survey.LinkRow) tenancyRequest {
				return tenancyRequest{Path: fmt.Sprintf("/survey/rounds/%d/links%s", r.ID, suffix(rows[0].Link.ID)), Form: form, Secret: r.Title}
			}
			return p(ra, la), p(rb, lb)
		}}
	}
	none := func(int64) string { return "" }
	registerTenancy("GET /survey/rounds/:id/links", linkCase(none, nil))
	registerTenancy("POST /survey/rounds/:id/links", linkCase(none, url.Values{}))
	registerTenancy("POST /survey/rounds/:id/links/:lid/revoke", linkCase(func(lid int64) string { return fmt.Sprintf("/%d/revoke", lid) }, url.Values{}))
	registerTenancy("POST /survey/rounds/:id/links/:lid/mail", linkCase(func(lid int64) string { return fmt.Sprintf("/%d/mail", lid) }, url.Values{}))
	registerTenancy("POST /survey/rounds/:id/followups", roundCase("/followups", url.Values{"training_end": {"2026-06-30"}, "months": {"3 6"}}, coord...))
	// A personal link is its own capability: anyone holding A's live link opens it; B's
	// link was revoked, and a revoked link shows nothing.
	registerTenancy("GET /p/:token", tenancyCase{Public: true, Allow: []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			_, la := reachLinks(t, env, "a")
			rb, lb := reachLinks(t, env, "b")
			if err := survey.RevokeLink(context.Background(), env.DB, env.Scope(t, "coordinator@b"), rb.ID, lb[0].Link.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			return tenancyRequest{Path: "/p/" + la[0].Token}, tenancyRequest{Path: "/p/" + lb[0].Token, Secret: lb[0].Cursist.FirstName}
		}})
	contactCase := func(suffix string, form url.Values) tenancyCase {
		return cursistPairCase(coord, "/contact"+suffix, form, func(c people.Cursist) string { return c.Code })
	}
	registerTenancy("GET /people/:pid/cursists/:cid/contact", contactCase("", nil))
	registerTenancy("POST /people/:pid/cursists/:cid/contact", contactCase("", url.Values{"email": {"amina@example.org"}, "email_consent": {"1"}}))
	registerTenancy("POST /people/:pid/cursists/:cid/contact/delete", contactCase("/delete", url.Values{}))
}
