package testkit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Client is a browser-like client of a running Oogst with a cookie jar.
type Client struct {
	base string
	HTTP *http.Client
	// Token, when set, is sent as a Bearer token instead of using the session.
	Token string
	// Lang, when set, is sent as Accept-Language.
	Lang string
	// Header is sent with every request (e.g. X-Forwarded-For, as a proxy would).
	Header http.Header
}

// NewClient returns a new anonymous client of the Oogst at baseURL.
func NewClient(baseURL string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{base: baseURL, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
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

// CSRF returns a CSRF token for the client's session (fetched from the privacy page,
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
	req, err := http.NewRequest(method, c.base+path, body)
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
	u, _ := url.Parse(c.base)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == "oogst_csrf" {
			return ck.Value
		}
	}
	return ""
}
