package server_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
)

// TestInboxViewsInBrowser (#17): in headless Chromium a partner filters the inbox on a
// building block and a month, sees exactly those outcomes, saves the filters as a shared
// view and lands on its link with the view listed and marked. With
// OOGST_SCREENSHOT_DIR set it saves the inbox at 1024×768 and 768×1024.
func TestInboxViewsInBrowser(t *testing.T) {
	bctx := newBrowser(t)
	w := newViewsWorld(t, dbtest.SQLite(t))
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	browserLogin(t, ctx, w.env, "partner@a")
	rows := func() []int64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(".outcome-row")].map(r => r.dataset.id).join(",")`))
		if err != nil {
			t.Fatal(err)
		}
		out := []int64{}
		for _, s := range strings.Split(v, ",") {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	step(t, ctx, "inbox", chromedp.Navigate(w.env.URL+"/outcomes?status=all"), chromedp.WaitVisible(css("#f-block")))
	step(t, ctx, "filter", chromedp.SetValue(css("#f-block"), "training"), chromedp.SetValue(css("#f-month"), "2026-02"),
		chromedp.SetValue(css("#f-subst"), "requested"), click("form.filters button[type=submit]"))
	waitLocation(t, ctx, "subst=requested")
	step(t, ctx, "filtered inbox", chromedp.WaitVisible(css("#f-block")))
	if got, want := rows(), []int64{w.o6, w.o2}; !slices.Equal(got, want) {
		t.Fatalf("filtered inbox lists %v, want %v", got, want)
	}
	step(t, ctx, "save view", click("#saved-views > summary"), chromedp.SendKeys(css("#view-name"), "Opleiding, nog te bevestigen"),
		click(`#view-save input[name="shared"]`), click("#view-save button[type=submit]"), chromedp.WaitVisible(css(".view-item.current")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "view=") || !strings.Contains(loc, "block=training") || !strings.Contains(loc, "subst=requested") {
		t.Errorf("after saving: %q %v", loc, err)
	}
	if got, want := rows(), []int64{w.o6, w.o2}; !slices.Equal(got, want) {
		t.Errorf("the view lists %v, want %v", got, want)
	}
	name, err := chromedp.Run(ctx, chromedp.Text(css(".view-item.current > a")))
	if err != nil || strings.TrimSpace(name) != "Opleiding, nog te bevestigen" {
		t.Errorf("current view %q %v", name, err)
	}
	shots(t, ctx, "inbox-views", "#saved-views")
}

// waitLocation waits until the tab's address contains part.
func waitLocation(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	for range 200 {
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil && strings.Contains(loc, part) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the address never contained %q", part)
}
