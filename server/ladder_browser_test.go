package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/markers"
	"oogst/server/servertest"
)

// TestLadderInBrowser: a coordinator adds a marker with its form of collaboration in
// Chromium, a journal rates it, and the partner page's ladder shows the form reached.
func TestLadderInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	ctx := context.Background()
	sc := coordScope(t, env, "coordinator@a")
	bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: env.Fix.A.ID, Name: "Kinderopvang Zon", Examples: []string{"referring.expect"}})
	if err != nil {
		t.Fatal(err)
	}
	per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: env.Fix.A.ID, Label: "S1 2025", StartsOn: "2025-01-01", EndsOn: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL+"/login")); err != nil {
		t.Fatalf("browser start: %v", err)
	}
	tctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	page := fmt.Sprintf("%s/markers/partners/%d", env.URL, bp.ID)
	step(t, tctx, "log in",
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "coordinator@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	)
	step(t, tctx, "add a marker with its form",
		chromedp.Navigate(page),
		chromedp.WaitVisible(css("#new-marker")),
		chromedp.Click(css("#level-like-in")),
		chromedp.SetValue(css("#collaboration_form"), "aligning"),
		chromedp.SendKeys(css("#text_nl"), "Stemt de stageplanning af op de lessen"),
		chromedp.Submit(css("#text_nl")),
		chromedp.WaitVisible(css(".flash")),
	)
	waitText(t, tctx, "#level-like .marker-list", "Praktijken en werkwijzen afstemmen")

	ms, _ := markers.Markers(ctx, d, sc, bp.ID, false)
	rs := map[int64]markers.EntryInput{}
	for _, m := range ms {
		rs[m.ID] = markers.EntryInput{Rating: string(markers.Low)}
		if m.Form == markers.FormAligning {
			rs[m.ID] = markers.EntryInput{Rating: string(markers.High)}
		}
	}
	if len(ms) != 2 {
		t.Fatalf("markers %+v", ms)
	}
	if err := markers.SaveJournal(ctx, d, sc, bp.ID, per.ID, markers.JournalInput{Entries: rs}); err != nil {
		t.Fatal(err)
	}
	step(t, tctx, "reload", chromedp.Navigate(page), chromedp.WaitVisible(css("#ladder table")))
	waitText(t, tctx, "#ladder tbody", "Bereikt: 1 van 1 marker (tot Zouden we graag zien)")
	waitText(t, tctx, "#ladder tbody", "Nog niet: 1 van 1 marker genoteerd")
	waitText(t, tctx, "#ladder tfoot", "Praktijken en werkwijzen afstemmen")
	checkAxe(t, tctx, "partner page with ladder")
	shots(t, tctx, "ladder-partner", "#ladder")
}
