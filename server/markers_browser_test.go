package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/markers"
	"oogst/server/servertest"
)

// TestMarkersJournalInBrowser fills in an outcome journal in headless Chromium: first
// with a description but no rating (the typed text must survive the error), then
// correctly.
func TestMarkersJournalInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t) // skips or fails without Chromium, as OOGST_TEST_REQUIRE_BROWSER says
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	ctx := context.Background()
	sc := coordScope(t, env, "coordinator@a")
	bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: env.Fix.A.ID, Name: "Kinderopvang Zon", Examples: []string{"referring.expect", "information.like"}})
	if err != nil {
		t.Fatal(err)
	}
	per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: env.Fix.A.ID, Label: "S1 2025", StartsOn: "2025-01-01", EndsOn: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := markers.Markers(ctx, d, sc, bp.ID, false)

	// The first call starts the browser; it must not carry the timeout (it would stop
	// the browser), so the timeout wraps the later steps.
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL+"/login")); err != nil {
		t.Fatalf("browser start: %v", err)
	}
	tctx, cancelT := context.WithTimeout(bctx, 60*time.Second)
	defer cancelT()

	journal := fmt.Sprintf("%s/markers/partners/%d/journals/%d", env.URL, bp.ID, per.ID)
	m0, m1 := ms[0].ID, ms[1].ID
	id := func(f string, m int64) chromedp.ID { return chromedp.ID(fmt.Sprintf("%s_%d", f, m)) }
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tctx, steps...); err != nil {
			t.Fatalf("browser, %s: %v", what, err)
		}
	}
	text := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(tctx, a)
		if err != nil {
			t.Fatalf("browser read: %v", err)
		}
		return v
	}
	step("log in",
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "partner@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		// The main navigation only shows once logged in (the login page has an h1 too).
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	)
	step("first try",
		chromedp.Navigate(journal),
		chromedp.WaitVisible(id("rating", m0)),
		chromedp.SendKeys(id("description", m0), "Ze verwezen drie moeders door"),
		chromedp.Click(chromedp.ID("save-journal")),
		chromedp.WaitVisible(chromedp.ID("journal-errors")),
	)
	errText := text(chromedp.Text(chromedp.CSS(".field-error")))
	keptDesc := text(chromedp.Value(id("description", m0)))
	step("second try",
		chromedp.SetValue(id("rating", m0), "high"),
		chromedp.SetValue(id("rating", m1), "low"),
		chromedp.SendKeys(id("evidence", m0), "Verslag partneroverleg maart"),
		chromedp.SendKeys(chromedp.ID("lessons"), "Samen plannen werkt"),
		chromedp.Click(chromedp.ID("save-journal")),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	flash := text(chromedp.Text(chromedp.CSS(".flash")))
	if !strings.Contains(errText, "Kies hoe sterk") {
		t.Errorf("error message = %q", errText)
	}
	if keptDesc != "Ze verwezen drie moeders door" {
		t.Errorf("typed description after error = %q", keptDesc)
	}
	if !strings.Contains(flash, "bewaard") {
		t.Errorf("flash = %q", flash)
	}
	v, err := markers.LoadJournal(ctx, d, sc, bp.ID, per.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]markers.Entry{}
	for _, r := range v.Rows {
		if r.Entry != nil {
			got[r.Marker.ID] = *r.Entry
		}
	}
	if e := got[m0]; e.Rating != markers.High || e.Description != "Ze verwezen drie moeders door" || e.Evidence != "Verslag partneroverleg maart" || e.RecordedBy == nil || *e.RecordedBy != env.Fix.Users["partner@a"].ID {
		t.Errorf("entry 1 = %+v", e)
	}
	if e := got[m1]; e.Rating != markers.Low {
		t.Errorf("entry 2 = %+v", e)
	}
	if v.Journal.Lessons != "Samen plannen werkt" {
		t.Errorf("lessons = %q", v.Journal.Lessons)
	}
}
