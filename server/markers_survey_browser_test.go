package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/markers"
	"oogst/server/servertest"
)

// TestMarkerSurveyPartnerAnswersInBrowser: a partner's staff member opens the link in
// French, forgets one rating (the typed text survives), then sends; the coordinator
// gets the proposals.
func TestMarkerSurveyPartnerAnswersInBrowser(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	o := msSetup(t, env, "a")
	ctx := newBrowser(t)
	rq, ev, rq2 := markers.RatingQuestion(o.Marker), markers.EvidenceQuestion(o.Marker), markers.RatingQuestion(o.Other)

	step(t, ctx, "open the link", chromedp.Navigate(env.URL+"/m/"+o.Code+"?lang=fr"), chromedp.WaitVisible(css("#survey-form")))
	if got := js[string](t, ctx, "document.documentElement.lang"); got != "fr" {
		t.Fatalf("page language %q", got)
	}
	checkAxe(t, ctx, "marker survey form")
	step(t, ctx, "answer one marker only",
		click(fmt.Sprintf("#%s-high", rq)),
		chromedp.SendKeys(css("#"+ev), "Nous orientons chaque mois"),
		chromedp.SendKeys(css("#respondent"), "Marie"))
	// The browser would stop at the required radio; the server must also catch it.
	js[bool](t, ctx, "document.getElementById('survey-form').noValidate = true")
	step(t, ctx, "send incomplete",
		click("#survey-send"),
		chromedp.WaitVisible(css("#survey-errors")))
	if v := js[string](t, ctx, fmt.Sprintf("document.getElementById(%q).value", ev)); v != "Nous orientons chaque mois" {
		t.Fatalf("typed text lost after the error: %q", v)
	}
	if !js[bool](t, ctx, fmt.Sprintf("document.getElementById(%q).checked", rq+"-high")) {
		t.Fatal("chosen rating lost after the error")
	}
	step(t, ctx, "complete and send",
		click(fmt.Sprintf("#%s-medium", rq2)),
		click("#survey-send"),
		chromedp.WaitVisible(css("#survey-done")))
	waitText(t, ctx, "#survey-done", "Merci")

	js2, err := markers.LoadJournalSurveys(context.Background(), d, scopeOfUser(t, env, "coordinator@a"), o.BP, o.Period)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range js2.Proposals[2:] { // the first two come from msSetup
		got = append(got, fmt.Sprintf("%d:%s:%s:%s", p.MarkerID, p.Rating, p.Text, p.Respondent))
	}
	want := []string{fmt.Sprintf("%d:high:Nous orientons chaque mois:Marie", o.Marker), fmt.Sprintf("%d:medium::Marie", o.Other)}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("proposals %v, want %v", got, want)
	}
}
