package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// A form shown again after a POST offers the language switch back to the page the form
// was sent from (the same-origin Referer), never to the POST-only address.
func TestLanguageSwitchAfterAPostLeadsBackToThePage(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	coord := env.As(t, "coordinator@a")
	pid := env.Fix.A.ID
	page := fmt.Sprintf("/people/%d?tab=staff", pid)
	form := url.Values{"email": {"not-an-address"}, "role": {"mentor"}, "_csrf": {coord.CSRF(t)}}
	req := func(referer string) string {
		t.Helper()
		r, err := http.NewRequest(http.MethodPost, env.URL+fmt.Sprintf("/people/%d/staff", pid), strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if referer != "" {
			r.Header.Set("Referer", referer)
		}
		resp, err := coord.HTTP.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad staff form: %d", resp.StatusCode)
		}
		return string(b)
	}
	if body := req(env.URL + page); !strings.Contains(body, `name="next" value="/people/`+itoa(pid)+`?tab=staff"`) {
		t.Error("language switch does not lead back to the form's page")
	}
	if body := req("https://elsewhere.example" + page); !strings.Contains(body, `name="next" value="/"`) {
		t.Error("a foreign Referer was trusted")
	}
}
