package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestInboxPagerInBrowser pages the inbox by its "older" and "newer" links in headless
// Chromium: the page number follows, the rows are the next 25, and "newer" returns to
// the first page. With OOGST_SCREENSHOT_DIR set it saves the pager at 1024×768 and
// 768×1024.
func TestInboxPagerInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	var ids []int64
	for i := int64(1); i <= 60; i++ {
		ids = append(ids, reflectOutcome(t, env, env.Fix.A.ID, i, "Groep A", "nl", fmt.Sprintf("Verhaal nummer %d", i), "positive"))
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	browserLogin(t, ctx, env, "coordinator@a")
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	first := func() string {
		t.Helper()
		// The new page may still be replacing the old one when its pager shows.
		step(t, ctx, "rows", chromedp.WaitVisible(css(".outcome-row")))
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".outcome-row").dataset.id`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	step(t, ctx, "inbox", chromedp.Navigate(env.URL+"/outcomes?status=all"), chromedp.WaitVisible(css("nav.pager")))
	if got := text("nav.pager span"); got != "Pagina 1 van 3" {
		t.Errorf("page 1 says %q", got)
	}
	step(t, ctx, "older", click(`a[rel="next"]`), chromedp.WaitVisible(css(`a[rel="prev"]`)))
	if got, want := first(), fmt.Sprint(ids[34]); got != want || text("nav.pager span") != "Pagina 2 van 3" {
		t.Errorf("page 2 starts at %s (want %s) and says %q", got, want, text("nav.pager span"))
	}
	step(t, ctx, "older again", click(`a[rel="next"]`), chromedp.WaitNotPresent(css(`a[rel="next"]`)))
	if got, want := first(), fmt.Sprint(ids[9]); got != want || text("nav.pager span") != "Pagina 3 van 3" {
		t.Errorf("page 3 starts at %s (want %s) and says %q", got, want, text("nav.pager span"))
	}
	if dir := os.Getenv("OOGST_SCREENSHOT_DIR"); dir != "" {
		for _, size := range [][2]int64{{1024, 768}, {768, 1024}} {
			step(t, ctx, "resize", chromedp.EmulateViewport(size[0], size[1]), chromedp.ScrollIntoView(css("nav.pager")))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("inbox-pager-%dx%d.png", size[0], size[1])), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	step(t, ctx, "newer", click(`a[rel="prev"]`), chromedp.WaitVisible(css(`a[rel="next"]`)))
	step(t, ctx, "newer again", click(`a[rel="prev"]`), chromedp.WaitNotPresent(css(`a[rel="prev"]`)))
	if got, want := first(), fmt.Sprint(ids[59]); got != want || text("nav.pager span") != "Pagina 1 van 3" {
		t.Errorf("back on page 1: starts at %s (want %s) and says %q", got, want, text("nav.pager span"))
	}
}
