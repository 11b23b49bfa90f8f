package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client(t)
		r := c.Get(t, "/healthz")
		if r.Status != 200 || !strings.Contains(r.Body, `"status":"ok"`) {
			t.Errorf("healthz: %d %s", r.Status, r.Body)
		}
		r = c.Get(t, "/readyz")
		var body map[string]string
		r.JSON(t, &body)
		if r.Status != 200 || body["database"] != string(env.DB.Dialect) {
			t.Errorf("readyz: %d %v", r.Status, body)
		}
	})
}

func TestLanguageNegotiationAndDirection(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	cases := []struct{ accept, lang, dir, text string }{
		{"ar", "ar", "rtl", "أهلًا بك في أوخست"},
		{"fa-AF", "fa", "rtl", "به اوخست خوش آمدید"},
		{"fr-BE,fr;q=0.9", "fr", "ltr", "Bienvenue sur Oogst"},
		{"de", "nl", "ltr", "Welkom bij Oogst"},
		{"", "nl", "ltr", "Welkom bij Oogst"},
	}
	for _, tc := range cases {
		c := env.Client(t)
		c.Lang = tc.accept
		r := c.Get(t, "/")
		if !strings.Contains(r.Body, `<html lang="`+tc.lang+`" dir="`+tc.dir+`">`) {
			t.Errorf("Accept-Language %q: want lang=%s dir=%s in %.200s", tc.accept, tc.lang, tc.dir, r.Body)
		}
		if !strings.Contains(r.Body, tc.text) {
			t.Errorf("Accept-Language %q: want %q on the page", tc.accept, tc.text)
		}
	}
	// An explicit choice beats Accept-Language.
	c := env.Client(t)
	c.Lang = "ar"
	r := c.PostForm(t, "/lang", url.Values{"lang": {"tr"}, "next": {"/privacy"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/privacy" {
		t.Fatalf("set language: %d %s", r.Status, r.Header.Get("Location"))
	}
	r = c.Get(t, "/")
	if !strings.Contains(r.Body, `lang="tr" dir="ltr"`) {
		t.Errorf("cookie choice not used: %.200s", r.Body)
	}
	// An off-site "next" is not followed.
	r = c.PostForm(t, "/lang", url.Values{"lang": {"nl"}, "next": {"//evil.example/x"}})
	if loc := r.Header.Get("Location"); loc != "/" {
		t.Errorf("open redirect: %q", loc)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	r := env.Client(t).Get(t, "/")
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") == "" {
		t.Errorf("missing headers: %v", r.Header)
	}
	if strings.Contains(r.Body, "<script>") || strings.Contains(r.Body, "style=") || strings.Contains(r.Body, "http://") && strings.Contains(r.Body, "cdn") {
		t.Error("page has inline script or style, or a CDN link")
	}
}

func TestLoginFlow(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.Client(t)
		r := c.Get(t, "/dashboard")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous dashboard: %d %s", r.Status, r.Header.Get("Location"))
		}
		// Wrong password and unknown e-mail look the same.
		r1 := c.PostForm(t, "/login", url.Values{"email": {"coordinator@a.test"}, "password": {"wrong-password"}})
		r2 := c.PostForm(t, "/login", url.Values{"email": {"nobody@a.test"}, "password": {"wrong-password"}})
		if r1.Status != http.StatusUnauthorized || r2.Status != http.StatusUnauthorized {
			t.Fatalf("bad login status: %d %d", r1.Status, r2.Status)
		}
		const msg = "Dit e-mailadres en wachtwoord passen niet bij elkaar."
		if !strings.Contains(r1.Body, msg) || !strings.Contains(r2.Body, msg) {
			t.Error("bad login lacks the translated generic message")
		}
		if !strings.Contains(r1.Body, `value="coordinator@a.test"`) {
			t.Error("the typed e-mail was lost after a failed login")
		}
		before := sessionCookie(c, env.URL)
		c.Login(t, "Coordinator@A.test ", servertest.Password)
		after := sessionCookie(c, env.URL)
		if after == "" || after == before {
			t.Errorf("session ID not rotated at login: before %q after %q", before, after)
		}
		r = c.Get(t, "/dashboard")
		if r.Status != 200 || !strings.Contains(r.Body, "Partnership A") || strings.Contains(r.Body, "Partnership B") {
			t.Errorf("dashboard: %d, wants A only", r.Status)
		}
		r = c.PostForm(t, "/logout", nil)
		if r.Status != http.StatusSeeOther {
			t.Errorf("logout: %d", r.Status)
		}
		if r = c.Get(t, "/dashboard"); r.Status != http.StatusSeeOther {
			t.Errorf("dashboard after logout: %d", r.Status)
		}
	})
}

func TestStateChangesNeedCSRF(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	c.Get(t, "/login")
	r := c.Do(t, http.MethodPost, "/login", strings.NewReader("email=coordinator%40a.test&password="+servertest.Password), "application/x-www-form-urlencoded")
	if r.Status != http.StatusForbidden {
		t.Errorf("login without CSRF token: %d", r.Status)
	}
	r = c.Do(t, http.MethodPost, "/login", strings.NewReader("_csrf=forged&email=coordinator%40a.test&password="+servertest.Password), "application/x-www-form-urlencoded")
	if r.Status != http.StatusForbidden {
		t.Errorf("login with forged CSRF token: %d", r.Status)
	}
}

func TestErrorsAreTranslatedAndSafe(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	c := env.Client(t)
	c.Lang = "fr"
	r := c.Get(t, "/does-not-exist")
	if r.Status != 404 || !strings.Contains(r.Body, "Introuvable.") {
		t.Errorf("html 404: %d %.300s", r.Status, r.Body)
	}
	r = c.Get(t, "/api/v1/does-not-exist")
	var body map[string]any
	r.JSON(t, &body)
	if r.Status != 404 || body["error"] != "Introuvable." {
		t.Errorf("api 404: %d %v", r.Status, body)
	}
	r = c.Do(t, http.MethodGet, "/api/v1/partnerships", nil, "")
	if r.Status != http.StatusUnauthorized && r.Status != http.StatusNotFound {
		t.Errorf("api without login: %d", r.Status)
	}
	c.Token = "oogst_not-a-real-token"
	if r = c.Get(t, "/dashboard"); r.Status != http.StatusUnauthorized {
		t.Errorf("bad bearer token: %d", r.Status)
	}
}

func sessionCookie(c *servertest.Client, base string) string {
	u, _ := url.Parse(base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "oogst_session" {
			return ck.Value
		}
	}
	return ""
}
