package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

func auditCount(t *testing.T, d *db.DB, action string) int64 {
	t.Helper()
	var n int64
	if err := d.Q(context.Background()).Model(&people.AuditEntry{}).Where("action = ?", action).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPeopleLoginRateLimitPerAccount(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client(t)
		before := auditCount(t, env.DB, people.AuditLogin)
		for i := 0; i < people.LoginPerAccountIP.Max; i++ {
			r := c.PostForm(t, "/login", url.Values{"email": {"mentor@a.test"}, "password": {"wrong-password"}})
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("try %d: %d", i, r.Status)
			}
		}
		// Now even the right password is refused, with a clear message and Retry-After.
		r := c.PostForm(t, "/login", url.Values{"email": {"mentor@a.test"}, "password": {servertest.Password}})
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("after %d failures: %d", people.LoginPerAccountIP.Max, r.Status)
		}
		if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After = %q", ra)
		}
		if !strings.Contains(r.Body, "Te veel mislukte pogingen. Probeer opnieuw over 15 min.") {
			t.Errorf("no clear message: %.500s", r.Body)
		}
		// An unknown e-mail is limited the same way: the limit does not tell which exist.
		for i := 0; i < people.LoginPerAccountIP.Max; i++ {
			c.PostForm(t, "/login", url.Values{"email": {"nobody@a.test"}, "password": {"wrong-password"}})
		}
		r2 := c.PostForm(t, "/login", url.Values{"email": {"nobody@a.test"}, "password": {"x"}})
		if r2.Status != http.StatusTooManyRequests {
			t.Errorf("unknown e-mail not limited alike: %d", r2.Status)
		}
		// Another account from the same IP still works (IP limit is higher).
		env.As(t, "partner@a")
		if got := auditCount(t, env.DB, people.AuditLogin); got != before+1 {
			t.Errorf("login audit entries: %d, want %d", got, before+1)
		}
		if got := auditCount(t, env.DB, people.AuditLoginFailed); got != int64(2*people.LoginPerAccountIP.Max) {
			t.Errorf("failed-login audit entries: %d", got)
		}
		if got := auditCount(t, env.DB, people.AuditLoginBlocked); got != 2 {
			t.Errorf("blocked audit entries: %d", got)
		}
		// The failed entry names the e-mail tried and the IP, never the password.
		var e people.AuditEntry
		env.DB.Q(context.Background()).Where("action = ?", people.AuditLoginFailed).First(&e)
		if e.Detail != "mentor@a.test" || e.IP == "" {
			t.Errorf("failed login entry: %+v", e)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("detail LIKE ?", "%wrong-password%").Count(&n)
		if n != 0 {
			t.Error("a password ended up in the audit log")
		}
	})
}

func TestPeopleLoginRateLimitPerIP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client(t)
		c.Lang = "en"
		// Spread the failures over many e-mails so that no account limit is hit.
		for i := 0; i < people.LoginPerIP.Max; i++ {
			email := "guess" + strings.Repeat("x", i) + "@a.test"
			if r := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {"nope"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("try %d: %d", i, r.Status)
			}
		}
		r := c.PostForm(t, "/login", url.Values{"email": {"coordinator@a.test"}, "password": {servertest.Password}})
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("IP limit: %d %q", r.Status, r.Header.Get("Retry-After"))
		}
		if !strings.Contains(r.Body, "Too many failed attempts.") {
			t.Errorf("message not translated: %.400s", r.Body)
		}
	})
}

func TestPeopleLoginSuccessClearsAccountFailures(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	for i := 0; i < people.LoginPerAccountIP.Max-1; i++ {
		c.PostForm(t, "/login", url.Values{"email": {"partner@b.test"}, "password": {"wrong"}})
	}
	c.Login(t, "partner@b.test", servertest.Password)
	c2 := env.Client(t)
	for i := 0; i < people.LoginPerAccountIP.Max-1; i++ {
		c2.PostForm(t, "/login", url.Values{"email": {"partner@b.test"}, "password": {"wrong"}})
	}
	c2.Login(t, "partner@b.test", servertest.Password) // would be 429 without the reset
}
