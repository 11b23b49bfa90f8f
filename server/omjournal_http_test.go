package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/markers"
	"oogst/server/servertest"
)

// TestStrategyJournalChangeBecomesAdjustment (issue 18): the partnership keeps a
// strategy journal per period (a row per building block) and a performance journal (a
// row per organisational practice); a programme change written in it becomes, in one
// step, an adjustment on the agenda of the next steering meeting, once only.
func TestStrategyJournalChangeBecomesAdjustment(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		env := servertest.New(t, d, servertest.Options{Now: func() time.Time { return now }})
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		per, err := markers.CreatePeriod(ctx, env.DB, sc, markers.PeriodInput{PartnershipID: env.Fix.A.ID, Label: "Voorjaar 2026", StartsOn: "2026-01-01", EndsOn: "2026-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/markers/periods/" + itoa(per.ID) + "/journals/strategy"
		partner := env.As(t, "partner@a")
		page := partner.Get(t, path)
		if page.Status != 200 || !strings.Contains(page.Body, "Strategiedagboek · Voorjaar 2026") || !strings.Contains(page.Body, "Werkplekleren") || !strings.Contains(page.Body, "Nazorg") {
			t.Fatalf("strategy journal: %d %.2000s", page.Status, page.Body)
		}
		if r := partner.Get(t, "/markers/periods/"+itoa(per.ID)+"/journals/performance"); r.Status != 200 || !strings.Contains(r.Body, "Samen reflecteren over de eigen werking") {
			t.Errorf("performance journal: %d", r.Status)
		}
		if r := partner.Get(t, "/markers/periods/"+itoa(per.ID)+"/journals/bogus"); r.Status != 404 {
			t.Errorf("unknown kind: %d", r.Status)
		}
		if r := env.As(t, "mentor@a").Get(t, path); r.Status != 404 {
			t.Errorf("mentor reads the strategy journal: %d", r.Status)
		}
		form := url.Values{"version": {"0"}, "done_training": {"Extra lessen taal op de werkvloer"}, "effects_training": {"Cursisten durven meer"},
			"programme_changes": {"Taalcoach ook op de stageplaats inzetten"}}
		if r := partner.PostForm(t, path, form); r.Status != 303 {
			t.Fatalf("save: %d %.2000s", r.Status, r.Body)
		}
		// A second save from the same old form is someone else's newer version: refused, typed text kept.
		form.Set("done_training", "Mijn versie")
		form.Del("_csrf")
		if r := env.As(t, "coordinator@a").PostForm(t, path, form); r.Status != 409 || !strings.Contains(r.Body, "Iemand anders bewaarde dit dagboek intussen") || !strings.Contains(r.Body, "Mijn versie") {
			t.Errorf("stale save: %d", r.Status)
		}
		if page := partner.Get(t, path).Body; !strings.Contains(page, "Extra lessen taal op de werkvloer") || strings.Contains(page, "Mijn versie") {
			t.Error("the first save is not what the journal shows")
		}
		// No meeting planned yet: said so, nothing made.
		adjust := path + "/adjustment"
		partner.PostForm(t, adjust, nil)
		if page := partner.Get(t, path).Body; !strings.Contains(page, "Er is geen open vergadering") {
			t.Errorf("no next meeting not said: %.3000s", page)
		}
		m, err := harvest.CreateMeeting(ctx, env.DB, sc, env.Fix.Users["coordinator@a"].ID, harvest.MeetingInput{PartnershipID: env.Fix.A.ID, Title: "Stuurgroep juni", HeldAt: now.Add(10 * 24 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if r := partner.PostForm(t, adjust, nil); r.Status != 303 {
			t.Fatalf("adjustment: %d", r.Status)
		}
		page = partner.Get(t, path)
		if !strings.Contains(page.Body, "op de agenda van Stuurgroep juni") || !strings.Contains(page.Body, `id="omjournal-adjusted"`) || strings.Contains(page.Body, `id="make-adjustment"`) {
			t.Errorf("after the adjustment: %.3000s", page.Body)
		}
		view, err := harvest.GetMeeting(ctx, env.DB, sc, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(view.Adjustments) != 1 || view.Adjustments[0].Description != "Taalcoach ook op de stageplaats inzetten" || view.Adjustments[0].Status != "open" {
			t.Fatalf("meeting adjustments: %+v", view.Adjustments)
		}
		// Once only.
		partner.PostForm(t, adjust, nil)
		if page := partner.Get(t, path).Body; !strings.Contains(page, "al een bijsturing geworden") {
			t.Error("a second adjustment was not refused")
		}
		if view, _ := harvest.GetMeeting(ctx, env.DB, sc, m.ID); len(view.Adjustments) != 1 {
			t.Errorf("adjustments after a second try: %d", len(view.Adjustments))
		}
	})
}
