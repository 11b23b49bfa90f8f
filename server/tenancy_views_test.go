package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"oogst/harvest"
	"oogst/server/servertest"
)

// sharedView saves a shared view in "a" (by its coordinator) or "b"; its name is the
// secret.
func sharedView(t *testing.T, env *servertest.Env, which string) (int64, string) {
	t.Helper()
	p, owner := env.Fix.A.ID, "coordinator@a"
	if which == "b" {
		p, owner = env.Fix.B.ID, "coordinator@b"
	}
	name := fmt.Sprintf("Geheime weergave %s %d", which, harvestSeq.Add(1))
	v, err := harvest.SaveView(context.Background(), env.DB, env.Scope(t, owner), p, name, "status=all", true)
	if err != nil {
		t.Fatal(err)
	}
	return v.ID, name
}

func init() {
	readers := []string{"coordinator@a", "partner@a", "mentor@a"}
	views := func(path string, form func() url.Values) func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			a, sa := sharedView(t, env, "a")
			b, sb := sharedView(t, env, "b")
			var fa, fb url.Values
			if form != nil {
				fa, fb = form(), form()
			}
			return tenancyRequest{Path: fmt.Sprintf(path, a), Form: fa, Secret: sa}, tenancyRequest{Path: fmt.Sprintf(path, b), Form: fb, Secret: sb}
		}
	}
	registerTenancy("GET /outcomes/views/:id", tenancyCase{Allow: readers, Setup: views("/outcomes/views/%d", nil)})
	registerTenancy("POST /outcomes/views/:id", tenancyCase{Allow: []string{"coordinator@a"},
		Setup: views("/outcomes/views/%d", func() url.Values { return url.Values{"name": {"Nieuwe naam"}, "shared": {"1"}} })})
	registerTenancy("POST /outcomes/views/:id/delete", tenancyCase{Allow: []string{"coordinator@a"},
		Setup: views("/outcomes/views/%d/delete", func() url.Values { return url.Values{} })})
	registerTenancy("POST /outcomes/views", tenancyCase{Allow: readers, Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		form := func(pid int64) url.Values {
			return url.Values{"name": {"Mijn weergave"}, "query": {"sign=negative"}, "partnership": {itoa(pid)}}
		}
		return tenancyRequest{Path: "/outcomes/views", Form: form(env.Fix.A.ID)}, tenancyRequest{Path: "/outcomes/views", Form: form(env.Fix.B.ID)}
	}})
}
