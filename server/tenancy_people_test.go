package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"oogst/people"
	"oogst/server/servertest"
)

// seq makes names unique across Setup calls (each caller gets fresh objects).
var seq atomic.Int64

func uniq(prefix string) string { return fmt.Sprintf("%s%d", prefix, seq.Add(1)) }

func mustCreate(t *testing.T, env *servertest.Env, v any) {
	t.Helper()
	if err := env.DB.Q(context.Background()).Create(v).Error; err != nil {
		t.Fatal(err)
	}
}

// linkedOrg creates an organisation in partnership pid.
func linkedOrg(t *testing.T, env *servertest.Env, pid int64) people.Organisation {
	o := people.Organisation{Name: uniq("Org "), Kind: people.OrgOther}
	mustCreate(t, env, &o)
	mustCreate(t, env, &people.PartnershipOrganisation{PartnershipID: pid, OrganisationID: o.ID})
	return o
}

// member creates a user with a role in partnership pid.
func member(t *testing.T, env *servertest.Env, pid int64, r people.Role) people.User {
	u := people.User{Name: uniq("Member "), Email: uniq("member") + "@x.test", Active: true, PreferredLanguage: "nl"}
	mustCreate(t, env, &u)
	mustCreate(t, env, &people.Membership{UserID: u.ID, PartnershipID: pid, Role: r})
	return u
}

func cloneForm(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Admin routes are exempt from TestTenancyEveryRoute: a platform admin manages every
// partnership by design, so there is no "other partnership" to hide from them.
// TestAdminEveryRoute walks them instead: every /admin route needs a case here; members
// of a partnership get 403, the admin succeeds and never sees a cursist, and a guessed
// ID that does not exist is 404.
var adminCases = map[string]tenancyCase{}

func registerAdmin(route string, c tenancyCase) {
	adminCases[route] = c
	exemptTenancy(route, "platform admin route: see TestAdminEveryRoute")
}

// cursistPairCase: a route /people/{pid}/cursists/{cid}+suffix on cursist KAAA of
// partnership A versus KAAB of B; secret is what of a cursist must not show.
func cursistPairCase(allow []string, suffix string, form url.Values, secret func(people.Cursist) string) tenancyCase {
	return tenancyCase{Allow: allow, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ca, cb := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KAAB"]
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d%s", env.Fix.A.ID, ca.ID, suffix), Form: form, Secret: secret(ca)},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d%s", env.Fix.B.ID, cb.ID, suffix), Form: form, Secret: secret(cb)}
	}}
}

func init() {
	admin := []string{"admin"}
	const missing = 987654
	adminCase := func(pathA, pathB string, form url.Values) tenancyCase {
		return tenancyCase{Allow: admin, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			pa := pathA
			if strings.Contains(pa, "%d") {
				pa = fmt.Sprintf(pa, env.Fix.A.ID)
			}
			return tenancyRequest{Path: pa, Form: cloneForm(form), Secret: "CursistKAAA"}, tenancyRequest{Path: pathB, Form: cloneForm(form)}
		}}
	}
	registerAdmin("GET /admin", adminCase("/admin", fmt.Sprintf("/admin/partnerships/%d", missing), nil))
	registerAdmin("GET /admin/audit", adminCase("/admin/audit", fmt.Sprintf("/admin/users/%d", missing), nil))
	registerAdmin("GET /admin/partnerships/new", adminCase("/admin/partnerships/new", fmt.Sprintf("/admin/partnerships/%d", missing), nil))
	registerAdmin("POST /admin/partnerships", tenancyCase{Allow: admin, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		return tenancyRequest{Path: "/admin/partnerships", Form: url.Values{"name": {uniq("New partnership ")}, "languages": {"nl"}}},
			tenancyRequest{Path: fmt.Sprintf("/admin/partnerships/%d", missing), Form: url.Values{"name": {uniq("X ")}, "languages": {"nl"}}}
	}})
	registerAdmin("GET /admin/partnerships/:id", adminCase("/admin/partnerships/%d", fmt.Sprintf("/admin/partnerships/%d", missing), nil))
	registerAdmin("POST /admin/partnerships/:id", adminCase("/admin/partnerships/%d", fmt.Sprintf("/admin/partnerships/%d", missing),
		url.Values{"name": {"Partnership A"}, "region": {"Region a"}, "languages": {"nl", "fr", "en", "ar"}}))
	registerAdmin("POST /admin/partnerships/:id/members", adminCase("/admin/partnerships/%d/members", fmt.Sprintf("/admin/partnerships/%d/members", missing),
		url.Values{"email": {"partner@a.test"}, "role": {"partner"}}))
	registerAdmin("POST /admin/partnerships/:id/members/:uid/remove", tenancyCase{Allow: admin, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		u := member(t, env, env.Fix.A.ID, people.RolePartner)
		return tenancyRequest{Path: fmt.Sprintf("/admin/partnerships/%d/members/%d/remove", env.Fix.A.ID, u.ID), Form: url.Values{}},
			tenancyRequest{Path: fmt.Sprintf("/admin/partnerships/%d/members/%d/remove", missing, u.ID), Form: url.Values{}}
	}})
	registerAdmin("GET /admin/users/new", adminCase("/admin/users/new", fmt.Sprintf("/admin/users/%d", missing), nil))
	registerAdmin("POST /admin/users", tenancyCase{Allow: admin, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		return tenancyRequest{Path: "/admin/users", Form: url.Values{"name": {"New"}, "email": {uniq("new") + "@x.test"}, "language": {"nl"}, "active": {"1"}}},
			tenancyRequest{Path: fmt.Sprintf("/admin/users/%d", missing), Form: url.Values{"name": {"New"}, "email": {uniq("new") + "@x.test"}, "language": {"nl"}}}
	}})
	userCase := func(suffix string, form url.Values) tenancyCase {
		return tenancyCase{Allow: admin, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			u := member(t, env, env.Fix.A.ID, people.RoleMentor)
			f := cloneForm(form)
			if f != nil {
				f.Set("email", u.Email)
			}
			return tenancyRequest{Path: fmt.Sprintf("/admin/users/%d%s", u.ID, suffix), Form: f, Secret: "CursistKAAA"},
				tenancyRequest{Path: fmt.Sprintf("/admin/users/%d%s", missing, suffix), Form: cloneForm(f)}
		}}
	}
	registerAdmin("GET /admin/users/:id", userCase("", nil))
	registerAdmin("POST /admin/users/:id", userCase("", url.Values{"name": {"Renamed"}, "language": {"fr"}, "active": {"1"}}))
	registerAdmin("POST /admin/users/:id/invite", userCase("/invite", url.Values{}))

}

func pair(f func(p people.Partnership, key string) tenancyRequest) func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
	return func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
		return f(env.Fix.A, "A"), f(env.Fix.B, "B")
	}
}

func init() {
	coord := []string{"coordinator@a"}
	exemptTenancy("GET /people", "lists only the caller's own partnerships (TestPeopleIndexShowsOwnOnly)")

	registerTenancy("GET /people/:pid", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d", p.ID), Secret: "coordinator@" + map[string]string{"A": "a", "B": "b"}[k] + ".test"}
	})})
	registerTenancy("POST /people/:pid/organisations", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/organisations", p.ID), Form: url.Values{"name": {uniq("New org ")}, "kind": {"other"}}}
	})})
	registerTenancy("POST /people/:pid/organisations/:oid/unlink", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		oa, ob := linkedOrg(t, env, env.Fix.A.ID), linkedOrg(t, env, env.Fix.B.ID)
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/organisations/%d/unlink", env.Fix.A.ID, oa.ID), Form: url.Values{}, Secret: oa.Name},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/organisations/%d/unlink", env.Fix.B.ID, ob.ID), Form: url.Values{}, Secret: ob.Name}
	}})
	registerTenancy("POST /people/:pid/staff", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/staff", p.ID), Form: url.Values{"email": {uniq("new") + "@x.test"}, "name": {"New"}, "role": {"partner"}}}
	})})
	registerTenancy("POST /people/:pid/staff/:uid", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ua, ub := member(t, env, env.Fix.A.ID, people.RolePartner), member(t, env, env.Fix.B.ID, people.RolePartner)
		f := url.Values{"role": {"mentor"}, "group": {"Groep A"}}
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/staff/%d", env.Fix.A.ID, ua.ID), Form: f, Secret: ua.Email},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/staff/%d", env.Fix.B.ID, ub.ID), Form: f, Secret: ub.Email}
	}})
	registerTenancy("POST /people/:pid/staff/:uid/remove", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ua, ub := member(t, env, env.Fix.A.ID, people.RoleMentor), member(t, env, env.Fix.B.ID, people.RoleMentor)
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/staff/%d/remove", env.Fix.A.ID, ua.ID), Form: url.Values{}, Secret: ua.Email},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/staff/%d/remove", env.Fix.B.ID, ub.ID), Form: url.Values{}, Secret: ub.Email}
	}})
	registerTenancy("GET /people/:pid/cursists", tenancyCase{Allow: []string{"coordinator@a", "partner@a", "mentor@a"}, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists", p.ID), Secret: "CursistKAA" + k}
	})})
	registerTenancy("GET /people/:pid/cursists.csv", tenancyCase{Allow: []string{"coordinator@a", "partner@a", "mentor@a"}, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists.csv", p.ID), Secret: "CursistKAA" + k}
	})})
	registerTenancy("GET /people/:pid/cursists/new", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/new", p.ID), Secret: p.Name}
	})})
	registerTenancy("POST /people/:pid/cursists", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists", p.ID), Form: url.Values{"first_name": {"Nieuw"}, "language": {"nl"}}}
	})})
	importCSV := "first_name,group,language\nImported,G1,nl\n"
	registerTenancy("GET /people/:pid/cursists/import", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/import", p.ID), Secret: p.Name}
	})})
	registerTenancy("POST /people/:pid/cursists/import", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/import", p.ID), Form: url.Values{"csv": {importCSV}}, Secret: p.Name}
	})})
	registerTenancy("POST /people/:pid/cursists/import/confirm", tenancyCase{Allow: coord, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/import/confirm", p.ID), Form: url.Values{"csv": {importCSV}}}
	})})
	cursistCase := func(suffix string, form url.Values) tenancyCase {
		return cursistPairCase(coord, suffix, form, func(c people.Cursist) string { return c.FirstName })
	}
	registerTenancy("GET /people/:pid/cursists/:cid/edit", cursistCase("/edit", nil))
	registerTenancy("POST /people/:pid/cursists/:cid", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ca, cb := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KAAB"]
		fa := url.Values{"code": {ca.Code}, "first_name": {ca.FirstName}, "group": {ca.GroupName}, "language": {"nl"}, "active": {"1"}}
		fb := url.Values{"code": {cb.Code}, "first_name": {"Hacked"}, "group": {cb.GroupName}, "language": {"nl"}}
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d", env.Fix.A.ID, ca.ID), Form: fa, Secret: ca.FirstName},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d", env.Fix.B.ID, cb.ID), Form: fb, Secret: cb.FirstName}
	}})
	registerTenancy("POST /people/:pid/cursists/:cid/deactivate", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ca := people.Cursist{PartnershipID: env.Fix.A.ID, Code: uniq("X"), FirstName: uniq("Deact"), Active: true, PreferredLanguage: "nl"}
		cb := people.Cursist{PartnershipID: env.Fix.B.ID, Code: uniq("X"), FirstName: uniq("Deact"), Active: true, PreferredLanguage: "nl"}
		mustCreate(t, env, &ca)
		mustCreate(t, env, &cb)
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/deactivate", env.Fix.A.ID, ca.ID), Form: url.Values{}, Secret: ca.FirstName},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/deactivate", env.Fix.B.ID, cb.ID), Form: url.Values{}, Secret: cb.FirstName}
	}})

	// A cursist's status: the coordinator and the mentor of the cursist's group (KAAA is
	// in Groep A, the fixture mentor's); partners are refused.
	keepers := []string{"coordinator@a", "mentor@a"}
	registerTenancy("GET /people/:pid/cursists/:cid/status", tenancyCase{Allow: keepers, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ca, cb := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KAAB"]
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/status", env.Fix.A.ID, ca.ID), Secret: ca.FirstName},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/status", env.Fix.B.ID, cb.ID), Secret: cb.FirstName}
	}})
	registerTenancy("POST /people/:pid/cursists/:cid/status", tenancyCase{Allow: keepers, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		ca, cb := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KAAB"]
		f := url.Values{"status": {"paused"}, "effective_on": {"2026-01-15"}}
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/status", env.Fix.A.ID, ca.ID), Form: f, Secret: ca.FirstName},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/cursists/%d/status", env.Fix.B.ID, cb.ID), Form: f, Secret: cb.FirstName}
	}})

	registerTenancy("GET /people/:pid/audit", tenancyCase{Allow: coord, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		for _, p := range []people.Partnership{env.Fix.A, env.Fix.B} {
			pid := p.ID
			if err := people.Audit(context.Background(), env.DB, people.AuditEntry{PartnershipID: &pid, Action: people.AuditExported, Detail: "secret-export-" + p.Name}); err != nil {
				t.Fatal(err)
			}
		}
		return tenancyRequest{Path: fmt.Sprintf("/people/%d/audit", env.Fix.A.ID), Secret: "secret-export-" + env.Fix.A.Name},
			tenancyRequest{Path: fmt.Sprintf("/people/%d/audit", env.Fix.B.ID), Secret: "secret-export-" + env.Fix.B.Name}
	}})

	registerTenancy("GET /api/v1/partnerships/:id/cursists", tenancyCase{Allow: []string{"coordinator@a", "partner@a", "mentor@a"}, Setup: pair(func(p people.Partnership, k string) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/api/v1/partnerships/%d/cursists", p.ID), Secret: "KAA" + k}
	})})
	exemptTenancy("GET /api/v1/partnerships", "lists only the caller's own partnerships (TestAPITenancyWithTokens)")

	// API tokens belong to a person, not a partnership.
	exemptTenancy("GET /account/tokens", "lists only the caller's own tokens (TestAccountTokens)")
	exemptTenancy("POST /account/tokens", "makes a token for the caller only")
	registerTenancy("POST /account/tokens/:id/revoke", tenancyCase{Allow: nil, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
		// Nobody may revoke someone else's token: a colleague's (A) or an outsider's (B).
		_, ta, err := people.CreateToken(context.Background(), env.DB, member(t, env, env.Fix.A.ID, people.RolePartner).ID, uniq("tok"))
		if err != nil {
			t.Fatal(err)
		}
		_, tb, err := people.CreateToken(context.Background(), env.DB, env.Fix.Users["partner@b"].ID, uniq("tok"))
		if err != nil {
			t.Fatal(err)
		}
		return tenancyRequest{Path: fmt.Sprintf("/account/tokens/%d/revoke", ta.ID), Form: url.Values{}, Secret: ta.Name},
			tenancyRequest{Path: fmt.Sprintf("/account/tokens/%d/revoke", tb.ID), Form: url.Values{}, Secret: tb.Name}
	}})

	// One-time links are capabilities: whoever holds a valid link may use it; a link
	// one does not hold (here: a made-up one) is 404 for everybody.
	everyone := []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"}
	inviteCase := func(form url.Values) tenancyCase {
		return tenancyCase{Public: true, Allow: everyone, Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			u := member(t, env, env.Fix.A.ID, people.RoleMentor)
			raw, err := people.CreateInvitation(context.Background(), env.DB, people.Scope{IsAdmin: true}, u.ID, "", time.Now())
			if err != nil {
				t.Fatal(err)
			}
			fake, _, _ := people.NewSecret()
			return tenancyRequest{Path: "/invite/" + raw, Form: form}, tenancyRequest{Path: "/invite/" + fake, Form: form, Secret: "@x.test"}
		}}
	}
	registerTenancy("GET /invite/:token", inviteCase(nil))
	registerTenancy("POST /invite/:token", inviteCase(url.Values{"password": {"a long new password"}, "repeat": {"a long new password"}}))
}
