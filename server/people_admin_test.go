package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

// TestAdminEveryRoute: every /admin route has a case; non-admins get 403; the admin
// succeeds without seeing any cursist of any partnership; a missing ID is 404.
func TestAdminEveryRoute(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	clients := map[string]*servertest.Client{"anonymous": env.Client(t)}
	for _, who := range tenancyCallers {
		clients[who] = env.As(t, who)
	}
	var keys []string
	for _, r := range env.Server.Routes() {
		if strings.HasPrefix(r.Path, "/admin") {
			keys = append(keys, r.Method+" "+r.Path)
		}
	}
	sort.Strings(keys)
	if len(keys) < 10 {
		t.Fatalf("only %d admin routes found", len(keys))
	}
	for _, key := range keys {
		tc, ok := adminCases[key]
		if !ok {
			t.Errorf("admin route %s has no case in adminCases", key)
			continue
		}
		method := strings.SplitN(key, " ", 2)[0]
		t.Run(key, func(t *testing.T) {
			a, _ := tc.Setup(t, env)
			if r := send(t, clients["anonymous"], method, a); r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "/login") {
				t.Errorf("anonymous: %d", r.Status)
			}
			for _, who := range tenancyCallers {
				a, b := tc.Setup(t, env)
				r := send(t, clients[who], method, a)
				if who == "admin" {
					if r.Status >= 400 {
						t.Errorf("admin: %d\n%.300s", r.Status, r.Body)
					}
					for _, secret := range []string{"CursistKAAA", "CursistKAAB", "CursistKACB"} {
						if strings.Contains(r.Body, secret) {
							t.Errorf("admin sees cursist %s at %s", secret, a.Path)
						}
					}
					if r := send(t, clients[who], method, b); r.Status != http.StatusNotFound {
						t.Errorf("admin on missing %s: %d", b.Path, r.Status)
					}
				} else if r.Status != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", who, r.Status)
				}
			}
		})
	}
}

func TestAdminManagesPartnershipsUsersAndInvitations(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "admin")
		r := c.PostForm(t, "/admin/partnerships", url.Values{"name": {""}, "region": {"Typed region"}, "active_from": {"2026-09-01"}, "active_to": {"2026-01-01"}})
		if r.Status != 422 || !strings.Contains(r.Body, `value="Typed region"`) || !strings.Contains(r.Body, "Choose at least one language.") || !strings.Contains(r.Body, "The end is before the start.") {
			t.Errorf("invalid partnership: %d", r.Status)
		}
		r = c.PostForm(t, "/admin/partnerships", url.Values{"name": {"Leuven"}, "region": {"Leuven"}, "languages": {"nl", "ar", "zz"}, "active_from": {"2026-09-01"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create partnership: %d %.300s", r.Status, r.Body)
		}
		var p people.Partnership
		env.DB.Q(context.Background()).Where("name = ?", "Leuven").First(&p)
		if p.Languages != "nl,ar" || p.ActiveFrom == nil || p.ActiveFrom.Format("2006-01-02") != "2026-09-01" {
			t.Errorf("partnership: %+v", p)
		}
		r = c.PostForm(t, "/admin/users", url.Values{"name": {"Lien"}, "email": {"Lien@X.test"}, "language": {"nl"}, "active": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create user: %d %.300s", r.Status, r.Body)
		}
		r = c.PostForm(t, "/admin/users", url.Values{"name": {"Dup"}, "email": {"lien@x.test"}, "language": {"nl"}, "active": {"1"}})
		if r.Status != 422 || !strings.Contains(r.Body, "An account with this e-mail address already exists.") {
			t.Errorf("duplicate e-mail: %d", r.Status)
		}
		var u people.User
		env.DB.Q(context.Background()).Where("email = ?", "lien@x.test").First(&u)
		r = c.PostForm(t, fmt.Sprintf("/admin/partnerships/%d/members", p.ID), url.Values{"email": {"lien@x.test"}, "role": {"coordinator"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("membership: %d", r.Status)
		}
		r = c.PostForm(t, fmt.Sprintf("/admin/users/%d/invite", u.ID), nil)
		i := strings.Index(r.Body, "/invite/oogst_")
		if r.Status != 200 || i < 0 || !strings.Contains(r.Body, `<div class="card invite-box" role="status">
  <h2>Invitation link</h2>`) {
			t.Fatalf("invite: %d", r.Status)
		}
		link := r.Body[i:]
		link = link[:strings.Index(link, `"`)]
		var inv people.Invitation
		env.DB.Q(context.Background()).Where("user_id = ?", u.ID).First(&inv)
		if inv.TokenHash == "" || strings.Contains(inv.TokenHash, "oogst_") || inv.ExpiresAt.Sub(inv.CreatedAt) != 72*time.Hour {
			t.Errorf("invitation stored: %+v", inv)
		}
		anon := env.Client(t)
		if r := anon.PostForm(t, link, url.Values{"password": {"lang genoeg wachtwoord"}, "repeat": {"lang genoeg wachtwoord"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("use link: %d", r.Status)
		}
		anon.Login(t, "lien@x.test", "lang genoeg wachtwoord")
		if r := anon.Get(t, fmt.Sprintf("/people/%d", p.ID)); r.Status != 200 {
			t.Errorf("new coordinator: %d", r.Status)
		}
		// An expired link does not work.
		r = c.PostForm(t, fmt.Sprintf("/admin/users/%d/invite", u.ID), nil)
		link = r.Body[strings.Index(r.Body, "/invite/oogst_"):]
		link = link[:strings.Index(link, `"`)]
		env.DB.Q(context.Background()).Model(&people.Invitation{}).Where("user_id = ? AND used_at IS NULL", u.ID).Update("expires_at", time.Now().Add(-time.Minute))
		if r := env.Client(t).Get(t, link); r.Status != 404 {
			t.Errorf("expired link: %d", r.Status)
		}
		// Deactivate: the session ends, login fails.
		r = c.PostForm(t, fmt.Sprintf("/admin/users/%d", u.ID), url.Values{"name": {"Lien"}, "email": {"lien@x.test"}, "language": {"nl"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", r.Status)
		}
		if r := anon.Get(t, "/dashboard"); r.Status != http.StatusSeeOther {
			t.Errorf("deactivated user still in: %d", r.Status)
		}
		// Admins cannot demote themselves.
		admin := env.Fix.Users["admin"]
		r = c.PostForm(t, fmt.Sprintf("/admin/users/%d", admin.ID), url.Values{"name": {"Admin"}, "email": {"admin@test"}, "language": {"en"}, "active": {"1"}})
		if r.Status != 422 {
			t.Errorf("self-demotion: %d", r.Status)
		}
		// The admin without membership does not see cursists anywhere.
		for _, path := range []string{fmt.Sprintf("/people/%d/cursists", env.Fix.A.ID), fmt.Sprintf("/admin/partnerships/%d", env.Fix.A.ID), "/admin"} {
			r := c.Get(t, path)
			if strings.Contains(r.Body, "CursistKAAA") {
				t.Errorf("admin sees a cursist at %s", path)
			}
		}
		var n int64
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("action IN ?", []string{people.AuditPartnershipSaved, people.AuditUserCreated, people.AuditMemberAdded, people.AuditInvitationCreated, people.AuditInvitationUsed, people.AuditUserChanged}).Count(&n)
		if n != 7 {
			t.Errorf("admin audit entries: %d, want 7", n)
		}
		if r := c.Get(t, "/admin/audit"); r.Status != 200 || !strings.Contains(r.Body, "invitation link used") || !strings.Contains(r.Body, "lien@x.test") {
			t.Errorf("admin audit page: %d", r.Status)
		}
	})
}
