// Package servertest runs a real Oogst HTTP server on a test database and gives tests
// logged-in clients and a two-partnership fixture for tenancy checks.
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/frontend"
	"oogst/harvest"
	"oogst/locale"
	"oogst/mailer"
	"oogst/markers"
	"oogst/people"
	"oogst/server"
	"oogst/survey"
)

// Password is the password of every fixture user.
const Password = "test-password-123"

// Env is a running server.
type Env struct {
	DB     *db.DB
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Fix    *Fixture
	// DataDir is the server's data directory (uploads live in DataDir/uploads).
	DataDir string
}

// Options tweak the server under test.
type Options struct {
	Now func() time.Time
	// Reflections and MaxUploadBytes are passed to the server when set.
	Reflections    survey.ReflectionSink
	MaxUploadBytes int64
	RetentionDays  int
	Mailer         mailer.Mailer
	// Responses replaces the default response hook (markers.ProposalSink, as in
	// production).
	Responses survey.ResponseSink
	// TrustedProxies and BaseURL are passed to the server when set (clients reach the
	// test server from 127.0.0.1).
	TrustedProxies []netip.Prefix
	BaseURL        string
	// MinFreeBytes and FreeSpace are passed to the server (readiness on a full disk).
	MinFreeBytes int64
	FreeSpace    func(dir string) (uint64, error)
	// UploadQuotaRoundBytes and UploadQuotaIPBytes are passed to the server when set.
	UploadQuotaRoundBytes int64
	UploadQuotaIPBytes    int64
	// Translator and TranslateWorker are passed to the server (machine drafts).
	Translator      harvest.Translator
	TranslateWorker harvest.WorkerOptions
	Transcriber     harvest.Transcriber
}

// New starts a server on d with the standard fixture loaded.
func New(t testing.TB, d *db.DB, opts ...Options) *Env {
	t.Helper()
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatalf("locales: %v", err)
	}
	dataDir := t.TempDir()
	o := server.Options{DB: d, Bundle: bundle, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "http://oogst.test", DataDir: dataDir,
		Reflections: harvest.Sink{}, Responses: markers.ProposalSink{}}
	if len(opts) > 0 {
		o.Now = opts[0].Now
		if opts[0].Reflections != nil {
			o.Reflections = opts[0].Reflections
		}
		o.MaxUploadBytes = opts[0].MaxUploadBytes
		o.RetentionDays = opts[0].RetentionDays
		o.Mailer = opts[0].Mailer
		if opts[0].Responses != nil {
			o.Responses = opts[0].Responses
		}
		o.TrustedProxies = opts[0].TrustedProxies
		if opts[0].BaseURL != "" {
			o.BaseURL = opts[0].BaseURL
		}
		o.MinFreeBytes, o.FreeSpace = opts[0].MinFreeBytes, opts[0].FreeSpace
		o.UploadQuotaRoundBytes, o.UploadQuotaIPBytes = opts[0].UploadQuotaRoundBytes, opts[0].UploadQuotaIPBytes
		o.Translator, o.TranslateWorker, o.Transcriber = opts[0].Translator, opts[0].TranslateWorker, opts[0].Transcriber
	}
	s, err := server.New(o)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); s.Close() })
	return &Env{DB: d, Server: s, HTTP: hs, URL: hs.URL, Fix: NewFixture(t, d), DataDir: dataDir}
}

// Fixture is two partnerships, A and B, each with a coordinator, a partner and a
// mentor (group "Groep A"), three cursists, plus a platform admin who belongs to none.
type Fixture struct {
	A, B     people.Partnership
	Users    map[string]people.User // "coordinator@a", "partner@b", "admin", "mentor@a", …
	Cursists map[string]people.Cursist
}

// NewFixture creates the fixture in d.
func NewFixture(t testing.TB, d *db.DB) *Fixture {
	t.Helper()
	hash, err := people.HashPassword(Password)
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Users: map[string]people.User{}, Cursists: map[string]people.Cursist{}}
	g := d.Q(context.Background())
	for _, key := range []string{"a", "b"} {
		p := people.Partnership{Name: "Partnership " + strings.ToUpper(key), Region: "Region " + key, Languages: "nl,fr,en,ar"}
		if err := g.Create(&p).Error; err != nil {
			t.Fatalf("fixture partnership: %v", err)
		}
		if key == "a" {
			f.A = p
		} else {
			f.B = p
		}
		for _, r := range people.Roles {
			u := people.User{Name: string(r) + " " + key, Email: string(r) + "@" + key + ".test", PreferredLanguage: "nl", PasswordHash: hash, Active: true}
			if err := g.Create(&u).Error; err != nil {
				t.Fatalf("fixture user: %v", err)
			}
			m := people.Membership{UserID: u.ID, PartnershipID: p.ID, Role: r}
			if r == people.RoleMentor {
				m.GroupName = "Groep A"
			}
			if err := g.Create(&m).Error; err != nil {
				t.Fatalf("fixture membership: %v", err)
			}
			f.Users[string(r)+"@"+key] = u
		}
		for i, code := range []string{"KAA" + strings.ToUpper(key), "KAB" + strings.ToUpper(key), "KAC" + strings.ToUpper(key)} {
			c := people.Cursist{PartnershipID: p.ID, Code: code, FirstName: "Cursist" + code, PreferredLanguage: "nl", GroupName: "Groep A", Active: true}
			if i == 2 {
				c.GroupName = "Groep B"
			}
			if err := g.Create(&c).Error; err != nil {
				t.Fatalf("fixture cursist: %v", err)
			}
			f.Cursists[code] = c
		}
	}
	admin := people.User{Name: "Admin", Email: "admin@test", PreferredLanguage: "en", PasswordHash: hash, Active: true, IsAdmin: true}
	if err := g.Create(&admin).Error; err != nil {
		t.Fatalf("fixture admin: %v", err)
	}
	f.Users["admin"] = admin
	return f
}

// Client is a browser-like client with a cookie jar.
type Client struct {
	env  *Env
	HTTP *http.Client
	// Token, when set, is sent as a Bearer token instead of using the session.
	Token string
	// Lang, when set, is sent as Accept-Language.
	Lang string
	// Header is sent with every request (e.g. X-Forwarded-For, as a proxy would).
	Header http.Header
}

// Client returns a new anonymous client.
func (e *Env) Client(t testing.TB) *Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &Client{env: e, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// As returns a client logged in as a fixture user ("coordinator@a", "admin", …).
func (e *Env) As(t testing.TB, key string) *Client {
	t.Helper()
	u, ok := e.Fix.Users[key]
	if !ok {
		t.Fatalf("no fixture user %q", key)
	}
	c := e.Client(t)
	c.Login(t, u.Email, Password)
	return c
}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode JSON (status %d): %v\n%s", r.Status, err, r.Body)
	}
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// CSRF returns a CSRF token for the client's session (fetched from the login page,
// which always carries one).
func (c *Client) CSRF(t testing.TB) string {
	t.Helper()
	r := c.Get(t, "/privacy")
	m := csrfInput.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no CSRF token on /privacy")
	}
	return m[1]
}

// Login logs the client in and fails the test if that does not work.
func (c *Client) Login(t testing.TB, email, password string) {
	t.Helper()
	r := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", email, r.Status)
	}
}

// Get fetches a path.
func (c *Client) Get(t testing.TB, path string) *Response {
	t.Helper()
	return c.Do(t, http.MethodGet, path, nil, "")
}

// PostForm posts a form with a valid CSRF token added.
func (c *Client) PostForm(t testing.TB, path string, form url.Values) *Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("_csrf") == "" && c.Token == "" {
		form.Set("_csrf", c.CSRF(t))
	}
	return c.Do(t, http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// SendJSON sends a JSON body (with a CSRF header for session clients).
func (c *Client) SendJSON(t testing.TB, method, path string, body any) *Response {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return c.Do(t, method, path, bytes.NewReader(b), "application/json")
}

// Do sends any request; session clients get the CSRF header on unsafe methods.
func (c *Client) Do(t testing.TB, method, path string, body io.Reader, contentType string) *Response {
	t.Helper()
	var csrf string
	if c.Token == "" && method != http.MethodGet && method != http.MethodHead && contentType != "application/x-www-form-urlencoded" && !strings.HasPrefix(contentType, "multipart/") {
		if csrf = c.csrfCookie(); csrf == "" {
			csrf = c.CSRF(t)
		}
	}
	req, err := http.NewRequest(method, c.env.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	} else if csrf != "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

func (c *Client) csrfCookie() string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "oogst_csrf" {
			return ck.Value
		}
	}
	return ""
}
