package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// TestMeetingModeIsALiveToolInBrowser drives meeting mode in headless Chromium: a note typed on
// a slide survives moving on and back (and is stored), and full screen stays on while
// the room moves through three agenda items, by keyboard and by the agenda strip.
func TestMeetingModeIsALiveToolInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	a := env.Fix.A.ID
	o1 := reflectOutcome(t, env, a, 1, "Groep A", "nl", "Eerste verhaal", "positive")
	o2 := reflectOutcome(t, env, a, 2, "Groep A", "nl", "Tweede verhaal", "negative")
	o3 := reflectOutcome(t, env, a, 3, "Groep A", "nl", "Derde verhaal", "positive")
	sc := harvestScope(t, env, "coordinator@a")
	m, err := harvest.CreateMeeting(context.Background(), d, sc, env.Fix.Users["coordinator@a"].ID,
		harvest.MeetingInput{PartnershipID: a, Title: "Stuurgroep", HeldAt: time.Now(), OutcomeIDs: []int64{o1, o2, o3}})
	if err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "log in", chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "coordinator@a.test"), chromedp.SendKeys(css("#password"), servertest.Password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("nav.mainnav")))
	base := fmt.Sprintf("%s/meetings/%d", env.URL, m.ID)
	step(t, ctx, "open item 1", chromedp.Navigate(base+"?i=1"), chromedp.WaitVisible(css("#notes")))
	// The app's chrome is hidden: meeting mode is a presentation.
	if js[bool](t, ctx, `getComputedStyle(document.querySelector("header.top")).display !== "none"`) {
		t.Error("the app menu is shown in meeting mode")
	}
	if got := js[string](t, ctx, `document.querySelector(".answers h3").textContent`); got != "Welke verandering? (wie, wat, waar, wanneer)" {
		t.Errorf("the answer has no question label: %q", got)
	}
	js[bool](t, ctx, `window.loadedOnce = true`)

	note := "Besluit: extra taalcoach"
	step(t, ctx, "type a note", chromedp.SendKeys(css("#notes"), note))
	step(t, ctx, "next", click(`a[rel="next"]`))
	waitText(t, ctx, ".answers", "Tweede verhaal")
	step(t, ctx, "back by keyboard", chromedp.KeyEvent(kb.ArrowLeft))
	waitText(t, ctx, ".answers", "Eerste verhaal")
	if got := js[string](t, ctx, `document.getElementById("notes").value`); got != note {
		t.Errorf("the note after next and back: %q, want %q", got, note)
	}
	if got := agendaNotes(t, env, m.ID); got != note+"||" {
		t.Errorf("stored notes: %q", got)
	}
	if got := js[string](t, ctx, "location.search"); got != "?i=1" {
		t.Errorf("location after back: %q", got)
	}

	// A colleague saves other notes on this slide meanwhile: moving on keeps both.
	if err := harvest.SaveNote(context.Background(), d, sc, m.ID, o1, "Van een collega"); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "type more", chromedp.SendKeys(css("#notes"), kb.End+" en meer"))
	step(t, ctx, "next again", click(`a[rel="next"]`))
	waitText(t, ctx, ".answers", "Tweede verhaal")
	if got := agendaNotes(t, env, m.ID); got != "Van een collega\n\n"+note+" en meer||" {
		t.Errorf("notes after a colleague's save: %q", got)
	}
	step(t, ctx, "back again", chromedp.KeyEvent(kb.ArrowLeft))
	waitText(t, ctx, ".answers", "Eerste verhaal")

	// Full screen from the keyboard (a user gesture through CDP), kept across items.
	step(t, ctx, "full screen", chromedp.KeyEvent("f"))
	waitJS(t, ctx, "full screen on", "document.fullscreenElement !== null")
	for i, want := range []string{"Tweede verhaal", "Derde verhaal"} {
		step(t, ctx, "next item", chromedp.KeyEvent(kb.ArrowRight))
		waitText(t, ctx, ".answers", want)
		if !js[bool](t, ctx, "document.fullscreenElement !== null") {
			t.Fatalf("full screen ended on item %d", i+2)
		}
	}
	step(t, ctx, "strip back to item 1", click(`.agenda-strip a[data-i="1"]`))
	waitText(t, ctx, ".answers", "Eerste verhaal")
	if !js[bool](t, ctx, "document.fullscreenElement !== null && window.loadedOnce === true") {
		t.Error("full screen or the page did not survive the agenda strip")
	}
	step(t, ctx, "decisions", chromedp.KeyEvent(kb.End))
	waitText(t, ctx, "#slide", "Bijsturingen van deze vergadering")
	if got := js[string](t, ctx, "location.search"); got != "?i=4" {
		t.Errorf("location on the decisions slide: %q", got)
	}
	// Deciding an adjustment on the last slide keeps full screen, and lists it.
	step(t, ctx, "open the adjustment form", click(".adjustment-new summary"))
	step(t, ctx, "type the decision", chromedp.SendKeys(css("#a-description"), "Taalcoach op de werkvloer"),
		chromedp.Click(css(`#o-`+itoa(o2)), chromedp.NodeVisible), click(`.adjustment-new button[type="submit"]`))
	waitText(t, ctx, "#slide .adjustments", "Taalcoach op de werkvloer")
	if !js[bool](t, ctx, "document.fullscreenElement !== null && window.loadedOnce === true") {
		t.Error("adding an adjustment ended full screen or reloaded the page")
	}
	mv, err := harvest.GetMeeting(context.Background(), d, sc, m.ID)
	if err != nil || len(mv.Adjustments) != 1 || fmt.Sprint(mv.Adjustments[0].OutcomeIDs) != fmt.Sprint([]int64{o2}) {
		t.Errorf("stored adjustments: %+v %v", mv.Adjustments, err)
	}
	// A reload lands on the same slide.
	step(t, ctx, "reload", chromedp.Reload())
	waitText(t, ctx, "#slide", "Bijsturingen van deze vergadering")
}
