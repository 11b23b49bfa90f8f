package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/demo"
	"oogst/server/servertest"
	"oogst/survey"
)

// TestTabletCheckPage: the round page links to the tablet check, which lists every
// language of the round with what is recorded: everything for the demo round (the
// synthesised prompts), nothing yet for a fresh round on a form without recordings.
func TestTabletCheckPage(t *testing.T) {
	t.Parallel()
	env := demoSnapshot.New(t)
	ctx := context.Background()
	var r survey.Round
	if err := env.DB.Q(ctx).Where("code = ?", demo.DemoJoinCode).First(&r).Error; err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.Login(t, "coordinator@gent.demo", demo.Password)
	round := c.Get(t, fmt.Sprintf("/survey/rounds/%d", r.ID))
	if !strings.Contains(round.Body, fmt.Sprintf(`href="/survey/rounds/%d/tablet-check"`, r.ID)) {
		t.Error("the round page does not link to the tablet check")
	}
	page := c.Get(t, fmt.Sprintf("/survey/rounds/%d/tablet-check", r.ID))
	if page.Status != 200 {
		t.Fatalf("tablet check: %d", page.Status)
	}
	if n := strings.Count(page.Body, `data-recorded="1"`); n != 11 {
		t.Errorf("%d languages fully recorded, want 11:\n%s", n, page.Body)
	}
	for _, want := range []string{`data-lang="fa"`, `lang="ar" dir="rtl">العربية`, "js/tabletcheck.js", "Alles opgenomen"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("tablet check misses %q", want)
		}
	}

	// A round of the fixture's partnership A on the built-in form: no prompts there.
	other := servertest.New(t, dbtest.SQLite(t))
	co := other.As(t, "coordinator@a")
	f, _, err := survey.EnsureBuiltin(ctx, other.DB, r.CreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	resp := co.PostForm(t, "/survey/rounds", url.Values{"partnership_id": {fmt.Sprint(other.Fix.A.ID)}, "form_id": {fmt.Sprint(f.ID)},
		"title": {"Zonder opnames"}, "group": {"Groep A"}, "identify_mode": {"code"}})
	if resp.Status != 303 {
		t.Fatalf("create round: %d %s", resp.Status, resp.Body)
	}
	var fresh survey.Round
	if err := other.DB.Q(ctx).Where("title = ?", "Zonder opnames").First(&fresh).Error; err != nil {
		t.Fatal(err)
	}
	if fresh.IdentifyMode != survey.IdentifyCode {
		t.Errorf("round form stored mode %q, want code", fresh.IdentifyMode)
	}
	page = co.Get(t, fmt.Sprintf("/survey/rounds/%d/tablet-check", fresh.ID))
	if strings.Contains(page.Body, `data-recorded="1"`) || !strings.Contains(page.Body, "Vragen: 0 van 5") {
		t.Errorf("a round without recordings shows recordings:\n%s", page.Body)
	}
}
