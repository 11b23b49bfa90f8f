package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// TestCheckMachineDraftInBrowser: a coordinator opens an Arabic outcome, sees the
// original right to left beside the Dutch draft marked as machine, checks it, and the
// mark goes away.
func TestCheckMachineDraftInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	env := servertest.New(t, dbtest.SQLite(t))
	id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "ar", "صرت أقرأ كتب الأطفال لابني", "positive")
	if err := harvest.AddMachineDraft(context.Background(), env.DB, id, "nl", "LibreTranslate", "Ik lees nu kinderboeken voor aan mijn zoon", "", ""); err != nil {
		t.Fatal(err)
	}
	browserLogin(t, ctx, env, "coordinator@a")
	step(t, ctx, "open the Arabic outcome", chromedp.Navigate(fmt.Sprintf("%s/outcomes/%d", env.URL, id)), chromedp.WaitVisible(css("#translation-nl [data-draft-mark]")))
	if !js[bool](t, ctx, `(() => { const p = document.querySelector('#original p.story'); return p.lang === 'ar' && getComputedStyle(p).direction === 'rtl'; })()`) {
		t.Fatal("the original is not shown right to left in Arabic")
	}
	if !js[bool](t, ctx, `getComputedStyle(document.querySelector('#translation-nl .tr-change')).direction === 'ltr'`) {
		t.Fatal("the Dutch translation is not left to right")
	}
	// Side by side: the two cards start on the same line, the translation beside the original.
	if !js[bool](t, ctx, `(() => { const a = document.querySelector('#original').getBoundingClientRect(), b = document.querySelector('#translation-nl').getBoundingClientRect(); return Math.abs(a.top - b.top) < 1 && b.left >= a.right; })()`) {
		t.Fatal("original and translation are not side by side")
	}
	if got := js[string](t, ctx, `document.querySelector('#translation-nl [data-draft-mark]').textContent.trim()`); got != "Machinevertaling, nog niet nagekeken" {
		t.Fatalf("draft mark = %q", got)
	}
	step(t, ctx, "mark as checked", click("#check-nl"))
	waitJS(t, ctx, "the mark goes away", `document.querySelector('#translation-nl') && !document.querySelector('#translation-nl [data-draft-mark]') && !!document.querySelector('#translation-nl .checked-by')`)
	if got := js[string](t, ctx, `document.querySelector('#translation-nl .checked-by').textContent.trim()`); got == "" || got[:13] != "Nagekeken doo" {
		t.Fatalf("checked-by line = %q", got)
	}
}
