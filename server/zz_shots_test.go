package server_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/demo"
	"oogst/harvest"
	"oogst/people"
	"oogst/server/servertest"
)

func TestZZShots(t *testing.T) {
	if os.Getenv("SHOTS") == "" {
		t.Skip()
	}
	ctx := newBrowser(t)
	env := servertest.New(t, dbtest.SQLite(t))
	bg := context.Background()
	if _, err := demo.Load(bg, env.DB); err != nil {
		t.Fatal(err)
	}
	var draft harvest.Translation
	env.DB.Q(bg).Where("origin = 'machine'").Take(&draft)
	var coord people.User
	env.DB.Q(bg).Where("email = ?", "coordinator@gent.demo").Take(&coord)
	var o harvest.Outcome
	env.DB.Q(bg).Where("id = ?", draft.OutcomeID).Take(&o)
	var m harvest.Meeting
	var row struct{ MeetingID, OutcomeID int64 }
	env.DB.Q(bg).Raw("SELECT mo.meeting_id, mo.outcome_id FROM meeting_outcomes mo JOIN outcome_translations t ON t.outcome_id = mo.outcome_id ORDER BY mo.meeting_id LIMIT 1").Scan(&row)
	m.ID = row.MeetingID
	var ids []int64
	env.DB.Q(bg).Raw("SELECT outcome_id FROM meeting_outcomes WHERE meeting_id = ? ORDER BY position, outcome_id", m.ID).Scan(&ids)
	idx := 1
	for i, x := range ids {
		if x == row.OutcomeID {
			idx = i + 1
		}
	}
	sc, _ := people.LoadScope(bg, env.DB, coord.ID)
	_ = sc
	step(t, ctx, "login", chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "coordinator@gent.demo"), chromedp.SendKeys(css("#password"), demo.Password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("nav.mainnav")))
	shot := func(name, path string, w, h int64, lang string) {
		var buf []byte
		acts := []chromedp.Action[chromedp.Void]{}
		_ = acts
		sctx := ctx
		setViewport(t, ctx, w, h, 1)
		step(t, ctx, "cookie", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "oogst_lang", Value: lang, URL: env.URL})
			return err
		}))
		step(t, ctx, name, chromedp.Navigate(env.URL+path), chromedp.WaitReady(css("body")))
		var err error
		buf, err = chromedp.Run(sctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/translate-shots/"+name+".png", buf, 0o644)
	}
	os.MkdirAll("/tmp/translate-shots", 0o755)
	for _, sz := range [][2]int64{{1024, 768}, {768, 1024}} {
		for _, lang := range []string{"nl", "ar"} {
			sfx := fmt.Sprintf("%dx%d-%s", sz[0], sz[1], lang)
			shot("outcome-"+sfx, fmt.Sprintf("/outcomes/%d", o.ID), sz[0], sz[1], lang)
			shot("inbox-"+sfx, fmt.Sprintf("/outcomes?partnership=%d&status=all&language=ar", o.PartnershipID), sz[0], sz[1], lang)
			shot("meeting-"+sfx, fmt.Sprintf("/meetings/%d?i=%d", m.ID, idx), sz[0], sz[1], lang)
		}
	}
	t.Logf("outcome %d meeting %d", o.ID, m.ID)
}
