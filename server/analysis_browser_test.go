package server_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestAnalysisCellOpensItsOutcomesInBrowser clicks a cell of the code × building block
// table in headless Chromium and lands on an inbox listing exactly the outcomes the cell
// counts: the first code's outcomes crediting training, without the excluded one.
func TestAnalysisCellOpensItsOutcomesInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	seedAnalysis(t, env)
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	step(t, ctx, "log in",
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "coordinator@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	)
	step(t, ctx, "analysis", chromedp.Navigate(fmt.Sprintf("%s/partnerships/%d/analysis", env.URL, env.Fix.A.ID)),
		chromedp.WaitVisible(css("#cross-code-block table")))
	shots(t, ctx, "analysis")
	shots(t, ctx, "analysis-months", "#chart-months")
	shots(t, ctx, "analysis-barriers", "#cross-code-barrier")
	// The first code's row (three outcomes, first in the preset order), column training
	// (the fourth building block).
	cell := "#cross-code-block tbody tr:nth-child(1) td:nth-of-type(4) a"
	shown, err := chromedp.Run(ctx, chromedp.Text(css(cell+" .n")))
	if err != nil {
		t.Fatal(err)
	}
	if shown != "2" {
		t.Fatalf("the cell shows %q, want 2 (the excluded outcome does not count)", shown)
	}
	step(t, ctx, "click the cell", click(cell), chromedp.WaitVisible(chromedp.ID("outcome-list")))
	shots(t, ctx, "analysis-inbox")
	listed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#outcome-list .outcome-link")).map(function (a) { return a.textContent.trim(); })`))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(listed)
	if want := []string{"Ik durf te bellen", "Ik kom op tijd"}; !slices.Equal(listed, want) {
		t.Errorf("the inbox behind the cell lists %q, want %q", listed, want)
	}
	// The inbox shows the block it was opened with in its own filter, and says it
	// leaves out excluded outcomes (the analysis filter it holds besides).
	if block, err := chromedp.Run(ctx, chromedp.Value(css("#f-block"))); err != nil || block != "training" {
		t.Errorf("the inbox's block filter shows %q (%v), want training", block, err)
	}
	if said, err := chromedp.Run(ctx, chromedp.Text(css("#narrowed"))); err != nil || !strings.Contains(said, "uitgesloten niet meegeteld") {
		t.Errorf("the inbox does not say it leaves out excluded outcomes: %q (%v)", said, err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "block=training") || !strings.Contains(loc, "counted=1") {
		t.Errorf("landed on %s", loc)
	}
}
