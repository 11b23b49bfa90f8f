package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"oogst/people"
	"oogst/server/servertest"
)

func init() {
	// A fresh cursist per call: erasure removes the one it is given.
	newCursist := func(t *testing.T, env *servertest.Env, p people.Partnership, name string) people.Cursist {
		c := people.Cursist{PartnershipID: p.ID, Code: people.RandomCode(6), FirstName: name, PreferredLanguage: "nl", GroupName: "Groep A", Active: true}
		if err := env.DB.Q(context.Background()).Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, route := range []string{"GET /people/:pid/cursists/:cid/export.zip", "POST /people/:pid/cursists/:cid/erase"} {
		suffix := "export.zip"
		var form url.Values
		if route[0] == 'P' {
			suffix, form = "erase", url.Values{}
		}
		registerTenancy(route, tenancyCase{
			Allow: []string{"coordinator@a"},
			Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
				ca := newCursist(t, env, env.Fix.A, "GeheimA")
				cb := newCursist(t, env, env.Fix.B, "GeheimB")
				return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/%s", env.Fix.A.ID, ca.ID, suffix), Form: form, Secret: "GeheimA"},
					tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/%s", env.Fix.B.ID, cb.ID, suffix), Form: form, Secret: "GeheimB"}
			},
		})
	}
}
