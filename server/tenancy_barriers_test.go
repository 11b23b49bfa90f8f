package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"oogst/harvest"
	"oogst/locale"
	"oogst/server/servertest"
)

// harvestBarrier adds a barrier of partnership a or b with a name only it may see.
func harvestBarrier(t *testing.T, env *servertest.Env, which string) (int64, string) {
	t.Helper()
	p := env.Fix.Partnership(which)
	name := fmt.Sprintf("Geheime drempel %s %d", which, harvestSeq.Add(1))
	b, err := harvest.BarrierTerms().Add(context.Background(), env.DB, env.Scope(t, "coordinator@"+which), p.ID, locale.StaffText(name, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b.ID, name
}

func init() {
	readers := []string{"coordinator@a", "partner@a", "mentor@a"}
	reviewers := []string{"coordinator@a", "partner@a"}
	name := func() url.Values {
		return url.Values{"name_nl": {fmt.Sprintf("Nieuwe drempel %d", harvestSeq.Add(1))}}
	}
	byPartnership := func(form func() url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			_, sb := harvestBarrier(t, env, "b")
			ra := tenancyRequest{Path: fmt.Sprintf("/partnerships/%d/barriers", env.Fix.A.ID)}
			rb := tenancyRequest{Path: fmt.Sprintf("/partnerships/%d/barriers", env.Fix.B.ID), Secret: sb}
			if form != nil {
				ra.Form, rb.Form = form(), form()
			}
			return ra, rb
		}
	}
	registerTenancy("GET /partnerships/:id/barriers", tenancyCase{Allow: readers, Setup: byPartnership(nil)})
	registerTenancy("POST /partnerships/:id/barriers", tenancyCase{Allow: reviewers, Setup: byPartnership(name)})
	registerTenancy("POST /barriers/:id", tenancyCase{Allow: reviewers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		a, sa := harvestBarrier(t, env, "a")
		b, sb := harvestBarrier(t, env, "b")
		return tenancyRequest{Path: "/barriers/" + itoa(a), Form: name(), Secret: sa}, tenancyRequest{Path: "/barriers/" + itoa(b), Form: name(), Secret: sb}
	}})
}
