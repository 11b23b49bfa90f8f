package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"oogst/harvest"
)

// TestTabletBrowserTellAnotherChange (issue 18): on the thank-you screen "tell another
// change" starts a new reflection for the same person in the same round. She is not
// asked her language, her consent or her name again, and both reflections are stored:
// two responses and two outcomes under her code, in her language, with her consent.
func TestTabletBrowserTellAnotherChange(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	openedBy(t, ctx, site, "fr")
	waitJS(t, ctx, "people list", "document.querySelector('.tb-people button[data-code]')")
	name := js[string](t, ctx, "document.querySelector('.tb-people li:first-child .tb-name').textContent")
	code := js[string](t, ctx, "document.querySelector('.tb-people li:first-child button').dataset.code")
	step(t, ctx, "she picks her name and tells a first change", click(`.tb-people li:first-child button`), chromedp.WaitVisible(css("#who-yes")),
		click("#who-yes"), chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "Premier changement : je parle aux parents."))
	walkToReview(t, ctx, false)
	step(t, ctx, "send the first", click("#send"))
	waitText(t, ctx, "#another", "Raconter un autre changement")
	if js[bool](t, ctx, "!!document.querySelector('#another-note')") {
		t.Error("the 'another change' note shows on the thank-you screen")
	}

	shots(t, ctx, "another-thanks")
	step(t, ctx, "tell another change", click("#another"))
	waitJS(t, ctx, "the first question again", "document.querySelector('#another-note') && document.querySelector('#answer')")
	if got := js[string](t, ctx, "document.querySelector('#answer').value"); got != "" {
		t.Errorf("the second reflection starts with the first one's answer %q", got)
	}
	if lang := js[string](t, ctx, "document.documentElement.lang"); lang != "fr" {
		t.Errorf("language = %q, want fr", lang)
	}
	waitText(t, ctx, "#another-note", "un autre changement")
	checkAxe(t, ctx, "another change, first question")
	shots(t, ctx, "another-question")
	step(t, ctx, "second story", chromedp.SendKeys(css("#answer"), "Deuxième changement : je lis des histoires aux enfants."))
	walkToReview(t, ctx, false)
	waitText(t, ctx, "#who-line", name)
	step(t, ctx, "send the second", click("#send"))
	waitText(t, ctx, "#thanks", "Tes réponses sont bien arrivées.")

	rs := site.responses(t)
	if len(rs) != 2 {
		t.Fatalf("stored responses = %d, want 2", len(rs))
	}
	if rs[0].ClientID == rs[1].ClientID {
		t.Error("both reflections carry the same client id")
	}
	for _, r := range rs {
		if r.Language != "fr" || r.ConsentVersion == "" || r.ConsentVersion != rs[0].ConsentVersion || r.CursistID == nil || *r.CursistID != *rs[0].CursistID {
			t.Errorf("response %d: language %q, consent %q, cursist %v; want fr, the same consent and cursist for both", r.ID, r.Language, r.ConsentVersion, r.CursistID)
		}
	}
	var codes []string
	if err := site.env.DB.Q(context.Background()).Table("cursists").Where("id = ?", *rs[0].CursistID).Pluck("code", &codes).Error; err != nil || len(codes) != 1 || codes[0] != code {
		t.Errorf("the responses' cursist has code %v (%v), want %s", codes, err, code)
	}
	bodies := strings.Join(site.bodies(t), "\n")
	for _, story := range []string{"Premier changement", "Deuxième changement"} {
		if strings.Count(bodies, story) != 1 {
			t.Errorf("%q stored %d times, want once", story, strings.Count(bodies, story))
		}
	}
	var outcomes []harvest.Outcome
	if err := site.env.DB.Q(context.Background()).Where("response_id IN ?", []int64{rs[0].ID, rs[1].ID}).Find(&outcomes).Error; err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != 2 {
		t.Fatalf("outcomes = %d, want 2", len(outcomes))
	}
	for _, o := range outcomes {
		if o.Language != "fr" || o.CursistID == nil || *o.CursistID != *rs[0].CursistID {
			t.Errorf("outcome %d: language %q, cursist %v", o.ID, o.Language, o.CursistID)
		}
	}
	// The draft of the second reflection is gone once it is sent.
	waitJS(t, ctx, "no draft left", idbDump+".then(function (s) { return JSON.parse(s).draft.length === 0; })")
}

// shots saves the screen at tablet sizes (landscape and portrait) when
// OOGST_SCREENSHOT_DIR is set, for a person to look at; with a selector, scrolled to it.
func shots(t *testing.T, ctx context.Context, name string, scrollTo ...string) {
	t.Helper()
	dir := os.Getenv("OOGST_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	for _, size := range [][2]int64{{1024, 768}, {768, 1024}} {
		step(t, ctx, "resize", chromedp.EmulateViewport(size[0], size[1]))
		for _, sel := range scrollTo {
			step(t, ctx, "scroll", chromedp.ScrollIntoView(css(sel)))
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.png", name, size[0], size[1])), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
