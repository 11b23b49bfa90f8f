package server_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

var pathParam = regexp.MustCompile(`:[a-zA-Z_]+|\*`)

// TestEveryStateChangeNeedsCSRF walks the route table: every state-changing route,
// called by a logged-in browser session without a CSRF token or with a forged one, is
// refused before its handler runs. The tablet's public API is the stated exception: it
// authenticates nobody and is idempotent by client UUID.
func TestEveryStateChangeNeedsCSRF(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.As(t, "coordinator@a")
	checked := 0
	for _, r := range env.Server.Routes() {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			continue
		}
		path := pathParam.ReplaceAllString(r.Path, "1")
		if strings.HasPrefix(path, "/api/v1/rounds/") || strings.HasPrefix(path, "/api/v1/substantiations/") {
			continue
		}
		for _, token := range []string{"", "forged-token"} {
			body := "a=b"
			if token != "" {
				body += "&_csrf=" + token
			}
			resp := c.Do(t, r.Method, path, strings.NewReader(body), "application/x-www-form-urlencoded")
			if resp.Status != http.StatusForbidden {
				t.Errorf("%s %s with CSRF token %q: status %d, want 403", r.Method, r.Path, token, resp.Status)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no state-changing routes found")
	}
	t.Logf("%d state-changing routes refuse requests without a valid CSRF token", checked)
}

func TestCookiesAreHardened(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	resp, err := c.HTTP.Get(env.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	seen := map[string]bool{}
	for _, ck := range resp.Cookies() {
		seen[ck.Name] = true
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s: HttpOnly=%v SameSite=%v", ck.Name, ck.HttpOnly, ck.SameSite)
		}
	}
	if !seen["oogst_csrf"] {
		t.Errorf("no CSRF cookie set on the login page: %v", seen)
	}
}
