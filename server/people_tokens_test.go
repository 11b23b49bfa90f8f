package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"oogst/people"
	"oogst/server/servertest"
)

var rawToken = regexp.MustCompile(`value="(oogst_[A-Za-z0-9_-]+)"`)

func TestAccountTokens(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "mentor@a")
		if r := c.PostForm(t, "/account/tokens", url.Values{"name": {" "}}); r.Status != 422 || !strings.Contains(r.Body, "Vul dit in.") {
			t.Errorf("empty name: %d", r.Status)
		}
		r := c.PostForm(t, "/account/tokens", url.Values{"name": {"rapport"}})
		m := rawToken.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil {
			t.Fatalf("create: %d", r.Status)
		}
		raw := m[1]
		// Shown once: the list does not show it again, and the database has only a hash.
		if r := c.Get(t, "/account/tokens"); strings.Contains(r.Body, raw) || !strings.Contains(r.Body, "rapport") {
			t.Error("token shown again or not listed")
		}
		var tok people.APIToken
		env.DB.Q(context.Background()).Where("name = ?", "rapport").First(&tok)
		if tok.TokenHash != people.HashSecret(raw) || strings.Contains(tok.TokenHash, raw) {
			t.Error("token not stored hashed")
		}
		api := env.Client(t)
		api.Token = raw
		if r := api.Get(t, "/api/v1/partnerships"); r.Status != 200 {
			t.Errorf("token use: %d", r.Status)
		}
		// Another user cannot revoke it.
		if r := env.As(t, "coordinator@a").PostForm(t, fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), nil); r.Status != 404 {
			t.Errorf("colleague revokes: %d", r.Status)
		}
		if r := c.PostForm(t, fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), nil); r.Status != http.StatusSeeOther {
			t.Errorf("revoke: %d", r.Status)
		}
		if r := api.Get(t, "/api/v1/partnerships"); r.Status != 401 {
			t.Errorf("revoked token: %d", r.Status)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("user_id = ? AND action IN ?", env.Fix.Users["mentor@a"].ID, []string{people.AuditTokenCreated, people.AuditTokenUsed, people.AuditTokenRevoked}).Count(&n)
		if n != 3 {
			t.Errorf("token audit entries: %d", n)
		}
	})
}
