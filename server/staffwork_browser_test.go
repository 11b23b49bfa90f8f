package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// A pasted 300-character URL wraps inside its box: the outcome page and the inbox are
// never wider than the window. The inbox's bulk bar shows only with a selection, and
// "select all" ticks every row.
func TestLongTextWrapsAndInboxSelectionInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	ctx := context.Background()
	url := "https://example.org/" + strings.Repeat("abcdefghij", 28) // 300 characters, no break
	sc := coordScope(t, env, "coordinator@a")
	o, err := harvest.RecordOther(ctx, d, sc, env.Fix.Users["coordinator@a"].ID, harvest.OtherInput{PartnershipID: env.Fix.A.ID, Source: "document",
		SourceDetail: url, Change: "Zie " + url, SummaryNL: url, Sign: "positive", OccurredAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik bel zelf", "positive")

	step(t, bctx, "log in",
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "coordinator@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	)
	fits := `document.documentElement.scrollWidth <= window.innerWidth`
	for _, page := range []string{fmt.Sprintf("/outcomes/%d", o.ID), "/outcomes"} {
		step(t, bctx, "open "+page, chromedp.Navigate(env.URL+page), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if !strings.Contains(js[string](t, bctx, `document.body.innerText`), "abcdefghij") {
			t.Fatalf("%s does not show the long URL", page)
		}
		if !js[bool](t, bctx, fits) {
			t.Errorf("%s is %v px wide in a %v px window", page, js[float64](t, bctx, `document.documentElement.scrollWidth`), js[float64](t, bctx, `window.innerWidth`))
		}
	}
	// On the inbox now: nothing selected, no bulk bar.
	if js[bool](t, bctx, `!document.getElementById("bulkbar").hidden`) {
		t.Error("bulk bar shown with nothing selected")
	}
	step(t, bctx, "select all", chromedp.Click(chromedp.ID("select-all")))
	if n := js[float64](t, bctx, `document.querySelectorAll("#outcome-list input[name=id]:checked").length`); n != 2 {
		t.Errorf("select all ticked %v of 2 rows", n)
	}
	if js[bool](t, bctx, `document.getElementById("bulkbar").hidden`) {
		t.Error("bulk bar hidden with outcomes selected")
	}
	step(t, bctx, "select none", chromedp.Click(chromedp.ID("select-all")))
	if js[bool](t, bctx, `!document.getElementById("bulkbar").hidden`) {
		t.Error("bulk bar still shown after deselecting")
	}
}
