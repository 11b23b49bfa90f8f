package server_test

import (
	"net/http"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestCursistPagesLayout: the start page and the privacy page wear the cursists'
// layout (the staff login once, under the code box, not also in the header); privacy
// opened from the Arabic tablet flow is in Arabic, right to left, with a way back to
// the round; a "back" that is not a tablet round is dropped.
func TestCursistPagesLayout(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	r := surveyRound(t, env, "a", "Ronde", true)
	c := env.Client(t)
	home := c.Get(t, "/")
	if n := strings.Count(home.Body, `href="/login"`); n != 1 {
		t.Errorf("home links to the staff login %d times, want once", n)
	}
	if strings.Contains(home.Body, "Aanmelden voor medewerkers") {
		t.Error("home shows the staff layout's login link")
	}
	if !strings.Contains(home.Body, `class="cursist"`) {
		t.Error("home is not in the cursist layout")
	}
	// The tablet's privacy link carries the flow's language and the way back.
	shell := c.Get(t, "/r/"+r.Code+"?lang=ar")
	want := `href="/privacy?lang=ar&amp;back=%2fr%2f` + strings.ToLower(r.Code) + `%3flang%3dar"`
	if !strings.Contains(strings.ToLower(shell.Body), want) {
		t.Fatalf("tablet privacy link: want %s in\n%s", want, shell.Body)
	}
	p := c.Get(t, "/privacy?lang=ar&back=%2Fr%2F"+r.Code+"%3Flang%3Dar")
	if p.Status != http.StatusOK || !strings.Contains(p.Body, `<html lang="ar" dir="rtl">`) {
		t.Fatalf("privacy from the Arabic flow: %d %.300s", p.Status, p.Body)
	}
	if !strings.Contains(p.Body, `id="privacy-back" href="/r/`+r.Code+`?lang=ar"`) || !strings.Contains(p.Body, "الرجوع إلى الأسئلة") {
		t.Errorf("privacy page has no way back to the round:\n%s", p.Body)
	}
	// Choosing another language on it sticks (the switch does not return to ?lang=ar)
	// and the way back still leads to the Arabic flow.
	if !strings.Contains(p.Body, `name="next" value="/privacy?back=%2Fr%2F`+r.Code+`%3Flang%3Dar"`) {
		t.Errorf("language switch returns to the wrong address:\n%s", p.Body)
	}
	if strings.Contains(p.Body, `href="/login"`) {
		t.Error("privacy page from the tablet offers the staff login")
	}
	for _, bad := range []string{"https://evil.example/r/X", "//evil.example/r/X", "/survey/rounds", "/r/../login"} {
		p := c.Get(t, "/privacy?back="+strings.ReplaceAll(bad, "/", "%2F"))
		if strings.Contains(p.Body, "privacy-back") {
			t.Errorf("back=%q is offered as a way back", bad)
		}
	}
}
