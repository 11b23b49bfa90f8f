package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/people"
	"oogst/survey"
)

// TestTabletBrowserPersonalLink (issue 18): a cursist's personal link opens the round
// already knowing her (no "who are you" step; the language step is still there), her
// reflection is stored under her code, "tell another change" is not offered, and after
// it the link shows a clear "already used" screen, to the next person too.
func TestTabletBrowserPersonalLink(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	bg := context.Background()
	var r survey.Round
	if err := site.env.DB.Q(bg).Where("code = ?", "DEMO42").First(&r).Error; err != nil {
		t.Fatal(err)
	}
	sc := people.Scope{UserID: site.env.Fix.Users["coordinator@a"].ID, Roles: map[int64]people.Role{r.PartnershipID: people.RoleCoordinator}}
	rows, err := survey.IssueLinks(bg, site.env.DB, sc, r.ID, nil, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var her survey.LinkRow
	for _, row := range rows {
		if row.Token != "" {
			her = row
			break
		}
	}
	if her.Token == "" {
		t.Fatalf("no link made: %+v", rows)
	}
	step(t, ctx, "open her link", chromedp.Navigate(site.URL+"/p/"+her.Token+"?lang=ar"), chromedp.WaitVisible(css("#consent-yes")))
	if dir := js[string](t, ctx, "document.documentElement.dir"); dir != "rtl" {
		t.Errorf("dir = %q, want rtl", dir)
	}
	waitText(t, ctx, ".tb-lang", "لغة أخرى")
	shots(t, ctx, "personal-consent")
	step(t, ctx, "agree", click("#consent-yes"))
	waitJS(t, ctx, "first question, no who step", "document.querySelector('#answer') && !document.querySelector('#who-title')")
	step(t, ctx, "story", chromedp.SendKeys(css("#answer"), "أعمل الآن في حضانة."))
	walkToReview(t, ctx, false)
	shots(t, ctx, "personal-review")
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#thanks", "وصلت أجوبتك.")
	if js[bool](t, ctx, "!!document.querySelector('#another')") {
		t.Error("'tell another change' offered on a one-time link")
	}
	shots(t, ctx, "personal-thanks")
	var stored []survey.Response
	if err := site.env.DB.Q(bg).Where("round_id = ? AND cursist_id = ? AND language = ?", r.ID, her.Cursist.ID, "ar").Find(&stored).Error; err != nil || len(stored) != 1 {
		t.Fatalf("her reflection: %d stored, %v", len(stored), err)
	}
	step(t, ctx, "next person", click("#next-person"))
	waitText(t, ctx, "#gone h1", "هذا الرابط استُخدم من قبل")
	shots(t, ctx, "personal-spent")
	step(t, ctx, "someone else opens it", chromedp.Navigate(site.URL+"/p/"+her.Token+"?lang=fr"))
	waitText(t, ctx, "#gone h1", "Ce lien a déjà été utilisé")
	if js[bool](t, ctx, "!!document.querySelector('#consent-yes, #answer')") {
		t.Error("a spent link still starts the flow")
	}
}
