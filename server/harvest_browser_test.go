package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// TestHarvestMeetingModeInBrowser walks a steering meeting with the keyboard in headless
// Chromium, then uses the inbox shortcuts (j, x, o, and j on the outcome page).
func TestHarvestMeetingModeInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t) // skips or fails without Chromium, as OOGST_TEST_REQUIRE_BROWSER says
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	ctx := context.Background()
	a := env.Fix.A.ID
	o1 := reflectOutcome(t, env, a, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
	o2 := reflectOutcome(t, env, a, 2, "Groep A", "nl", "Ik kom op tijd", "negative")
	sc := harvestScope(t, env, "coordinator@a")
	uid := env.Fix.Users["coordinator@a"].ID
	if _, err := harvest.Update(ctx, d, sc, uid, o1, harvest.Change{SummaryNL: ptrS("Praat met de ouders")}); err != nil {
		t.Fatal(err)
	}
	m, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: "Stuurgroep", HeldAt: time.Now(), OutcomeIDs: []int64{o1, o2}})
	if err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL+"/login")); err != nil {
		t.Fatalf("browser start: %v", err)
	}
	tctx, cancelT := context.WithTimeout(bctx, 60*time.Second)
	defer cancelT()
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tctx, steps...); err != nil {
			t.Fatalf("browser, %s: %v", what, err)
		}
	}
	read := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(tctx, a)
		if err != nil {
			t.Fatalf("browser read: %v", err)
		}
		return v
	}
	// Keys go to the page once it has loaded; waiting for the marker element is enough
	// because harvest.js is deferred (it has run before DOMContentLoaded completes).
	waitURL := func(suffix string) {
		t.Helper()
		for i := 0; i < 100; i++ {
			if strings.HasSuffix(read(chromedp.Location()), suffix) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("location %q does not end with %q", read(chromedp.Location()), suffix)
	}
	step("log in",
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "coordinator@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	)
	// The language switch sits on the green header: its text must not take the
	// header's white onto its own white background.
	colours, err := chromedp.Run(tctx, chromedp.Evaluate[string](`(function () { var s = getComputedStyle(document.getElementById("lang-select")); return s.color + " on " + s.backgroundColor; })()`))
	if err != nil || colours != "rgb(29, 29, 27) on rgb(255, 255, 255)" {
		t.Errorf("language switch is drawn %q (%v)", colours, err)
	}
	meeting := fmt.Sprintf("/meetings/%d", m.ID)
	step("open meeting", chromedp.Navigate(env.URL+meeting), chromedp.WaitVisible(chromedp.ID("meeting")))
	step("next", chromedp.KeyEvent("j"))
	waitURL(meeting + "?i=1")
	step("slide 1", chromedp.WaitVisible(chromedp.CSS(".side-by-side")))
	slide := read(chromedp.Text(chromedp.CSS(".side-by-side")))
	if !strings.Contains(slide, "Je parle avec les parents") || !strings.Contains(slide, "Praat met de ouders") {
		t.Errorf("slide 1 shows %q", slide)
	}
	step("arrow right", chromedp.KeyEvent(kb.ArrowRight))
	waitURL(meeting + "?i=2")
	step("slide 2", chromedp.WaitVisible(chromedp.CSS(".side-by-side")))
	if s := read(chromedp.Text(chromedp.CSS(".side-by-side"))); !strings.Contains(s, "Ik kom op tijd") {
		t.Errorf("slide 2 shows %q", s)
	}
	step("back", chromedp.KeyEvent("k"))
	waitURL(meeting + "?i=1")

	// Inbox: j selects the first row (newest: o2), x ticks it, o opens it; on the
	// outcome page j goes to the next outcome of the list (o1).
	step("inbox", chromedp.Navigate(env.URL+"/outcomes"), chromedp.WaitVisible(chromedp.ID("outcome-list")), chromedp.KeyEvent("j"), chromedp.KeyEvent("x"))
	checked, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`document.querySelector(".outcome-row.current input[type=checkbox]").checked`))
	if err != nil || !checked {
		t.Errorf("x did not tick the current row: %v %v", checked, err)
	}
	step("open", chromedp.KeyEvent("o"))
	waitURL(fmt.Sprintf("/outcomes/%d", o2))
	step("outcome page", chromedp.WaitVisible(chromedp.ID("outcome-detail")), chromedp.KeyEvent("j"))
	waitURL(fmt.Sprintf("/outcomes/%d", o1))
}

func ptrS(s string) *string { return &s }
