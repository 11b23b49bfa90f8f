package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"oogst/demo"
	"oogst/survey"
)

// idbDump is the tablet's IndexedDB (draft and outbox) as JSON.
const idbDump = `new Promise(function (res) {
	var r = indexedDB.open("oogst-tablet");
	r.onsuccess = function () {
		var tx = r.result.transaction(["draft", "outbox"]), out = {};
		tx.objectStore("draft").getAll().onsuccess = function (e) { out.draft = e.target.result; };
		tx.objectStore("outbox").getAll().onsuccess = function (e) { out.outbox = e.target.result; };
		tx.oncomplete = function () { res(JSON.stringify(out)); };
	};
})`

// setDemoRound changes a column of DEMO42 directly (what a coordinator's setting or
// the passing of time would do).
func setDemoRound(t *testing.T, site *tabletSite, col string, v any) {
	t.Helper()
	if err := site.env.DB.Q(context.Background()).Model(&survey.Round{}).Where("code = ?", "DEMO42").Update(col, v).Error; err != nil {
		t.Fatal(err)
	}
}

func openedBy(t *testing.T, ctx context.Context, site *tabletSite, lang string) {
	t.Helper()
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang="+lang), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"),
		chromedp.WaitVisible(css("#who-title")))
}

// TestTabletBrowserDraftAskedBeforeShown (issue 14.1): learner A picks her name, types
// and walks away. Whoever opens the round next, reloads or picks another language is
// first asked "are you A?"; nothing of A's shows before that, "start again" wipes it,
// and the next person's review and thank-you screens say who is answering.
func TestTabletBrowserDraftAskedBeforeShown(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	secret := "GEHEIM-verhaal-van-A"
	openedBy(t, ctx, site, "nl")
	waitJS(t, ctx, "people list", "document.querySelector('.tb-people button[data-code]')")
	name := js[string](t, ctx, "document.querySelector('.tb-people li:first-child .tb-name').textContent")
	step(t, ctx, "A picks her name and types", click(`.tb-people li:first-child button`), chromedp.WaitVisible(css("#who-yes")), click("#who-yes"), chromedp.WaitVisible(css("#answer")),
		chromedp.SendKeys(css("#answer"), secret))
	waitJS(t, ctx, "draft saved", idbDump+".then(function (s) { return s.includes('"+secret+"'); })")

	noSecret := func(when string) {
		t.Helper()
		if js[bool](t, ctx, "document.documentElement.outerHTML.includes('GEHEIM')") {
			t.Errorf("%s: A's answer is on the page", when)
		}
	}
	// The next learner opens the round afresh.
	step(t, ctx, "reopen", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"))
	waitJS(t, ctx, "is this you (reopen)", "document.querySelector('#its-me')")
	waitText(t, ctx, "h1", "Ben jij "+name+"?")
	if !js[bool](t, ctx, "!!document.querySelector('#listen')") {
		t.Error("'is this you?' cannot be listened to")
	}
	noSecret("reopen")
	checkAxe(t, ctx, "is this you")
	// …or taps "other language" and picks Türkçe.
	step(t, ctx, "other language", click(".tb-lang"), chromedp.WaitVisible(css(".tb-langs")), click(`.tb-langs a[lang="tr"]`))
	waitJS(t, ctx, "is this you (language switch)", "document.querySelector('#its-me') && document.documentElement.lang === 'tr'")
	waitText(t, ctx, "h1", name)
	noSecret("language switch")
	step(t, ctx, "not me", click("#not-me"))
	waitJS(t, ctx, "a fresh start", "document.querySelector('#consent-yes')")
	noSecret("start again")
	if js[bool](t, ctx, idbDump+".then(function (s) { return s.includes('GEHEIM'); })") {
		t.Error("start again kept A's draft in IndexedDB")
	}
	// B answers without a name; review and thanks say so.
	step(t, ctx, "B agrees", click("#consent-yes"), chromedp.WaitVisible(css("#anon")), click("#anon"),
		chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "B yazıyor"))
	walkToReview(t, ctx, false)
	waitText(t, ctx, "#who-line", "İsimsiz cevap veriyorsun.")
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#who-line", "Bunlar isimsiz cevaplardı.")
	body := strings.Join(site.bodies(t), "")
	if strings.Contains(body, "GEHEIM") || !strings.Contains(body, "B yazıyor") {
		t.Errorf("stored: %s", body)
	}
}

// TestTabletBrowserReviewNamesThePerson: the review screen says whose answers they are.
func TestTabletBrowserReviewNamesThePerson(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	openedBy(t, ctx, site, "nl")
	waitJS(t, ctx, "people list", "document.querySelector('.tb-people button[data-code]')")
	name := js[string](t, ctx, "document.querySelector('.tb-people li:first-child .tb-name').textContent")
	step(t, ctx, "pick", click(`.tb-people li:first-child button`), chromedp.WaitVisible(css("#who-yes")), click("#who-yes"), chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "Mijn verhaal"))
	walkToReview(t, ctx, false)
	waitText(t, ctx, "#who-line", "Je antwoordt als "+name+".")
	if got := js[string](t, ctx, "document.querySelector('#who-line bdi').textContent"); got != name {
		t.Errorf("the name is not isolated in <bdi>: %q", got)
	}
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#who-line", "Dit waren de antwoorden van "+name+".")
}

// TestTabletBrowserIdleWipesDraft: after the round's idle time without a touch the
// tablet asks "are you still there?"; "yes" keeps the answers, no answer wipes the draft
// and returns to the start. The round's idle time is 2 seconds here (the coordinator
// sets minutes; the column holds seconds).
func TestTabletBrowserIdleWipesDraft(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	setDemoRound(t, site, "idle_seconds", 2)
	openedBy(t, ctx, site, "nl")
	step(t, ctx, "anonymous", click("#anon"), chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "GEHEIM-idle"))
	waitJS(t, ctx, "still there?", "document.querySelector('#still-here')")
	waitText(t, ctx, "#idle-title", "Ben je er nog?")
	waitText(t, ctx, "#idle-count", "seconde")
	if js[string](t, ctx, "document.activeElement.id") != "still-here" {
		t.Error("the Yes button does not have the focus")
	}
	step(t, ctx, "yes", click("#still-here"))
	waitJS(t, ctx, "question gone", "!document.querySelector('#idle-dialog')")
	if v := js[string](t, ctx, "document.querySelector('#answer').value"); v != "GEHEIM-idle" {
		t.Errorf("after yes the answer is %q", v)
	}
	// Nobody answers now: back to the language step, nothing left.
	waitJS(t, ctx, "asked again", "document.querySelector('#still-here')")
	waitJS(t, ctx, "back at the start", "location.search === '' && document.querySelector('.tb-langs')")
	if js[bool](t, ctx, "document.documentElement.outerHTML.includes('GEHEIM')") {
		t.Error("the answer is still on the page")
	}
	if got := js[string](t, ctx, idbDump); strings.Contains(got, "GEHEIM") || !strings.Contains(got, `"draft":[]`) {
		t.Errorf("IndexedDB after the idle timeout: %s", got)
	}
}

// TestTabletBrowserQueuedStoredLateAfterClose (issue 14.3): sent offline, the round
// closes, the tablet comes back: the reflection is stored, marked late.
func TestTabletBrowserQueuedStoredLateAfterClose(t *testing.T) {
	t.Parallel()
	ctx, site := sentOffline(t, "Offline en te laat")
	site.closeRound(t)
	setOffline(t, ctx, false)
	waitJS(t, ctx, "outbox empty", "document.querySelector('#outbox').hidden")
	deadline := time.Now().Add(10 * time.Second)
	for site.count(t) != 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if late := site.late(t); len(late) != 1 || !late[0] {
		t.Fatalf("late flags after coming online = %v, want [true]", late)
	}
	if body := strings.Join(site.bodies(t), ""); !strings.Contains(body, "Offline en te laat") {
		t.Errorf("stored: %s", body)
	}
}

// TestTabletBrowserRefusedGoesToCoordinator: a queued reflection the server refuses
// (the round closed longer ago than the grace period) stays in the outbox with the
// reason, is reported to the round's undeliverable list, the tablet says the teacher
// will see it, and the coordinator accepts it.
func TestTabletBrowserRefusedGoesToCoordinator(t *testing.T) {
	t.Parallel()
	ctx, site := sentOffline(t, "Te laat voor de ronde")
	setDemoRound(t, site, "closed_at", time.Now().UTC().Add(-survey.LateGrace-time.Hour))
	setOffline(t, ctx, false)
	waitText(t, ctx, "#outbox", "1 reflectie kon niet bij de ronde. De begeleider krijgt ze te zien.")
	waitJS(t, ctx, "reported", idbDump+".then(function (s) { var o = JSON.parse(s).outbox; return o.length === 1 && o[0].rejected && o[0].reported; })")
	if n := site.count(t); n != 0 {
		t.Fatalf("stored %d responses beyond the grace period", n)
	}
	var u survey.Undeliverable
	if err := site.env.DB.Q(context.Background()).Where("resolved_at IS NULL").First(&u).Error; err != nil {
		t.Fatalf("nothing in the undeliverable list: %v", err)
	}
	if !strings.Contains(u.Reason, "409") || !strings.Contains(u.Payload, "Te laat voor de ronde") {
		t.Errorf("undeliverable = %+v", u)
	}
	c := site.env.Client(t)
	c.Login(t, "coordinator@gent.demo", demo.Password)
	page := c.Get(t, fmt.Sprintf("/survey/rounds/%d", u.RoundID))
	if !strings.Contains(page.Body, "Te laat voor de ronde") || !strings.Contains(page.Body, "/accept") {
		t.Fatalf("the coordinator's round page does not list it")
	}
	if resp := c.PostForm(t, fmt.Sprintf("/survey/rounds/%d/undeliverable/%d/accept", u.RoundID, u.ID), url.Values{}); resp.Status != 303 {
		t.Fatalf("accept: %d %s", resp.Status, resp.Body)
	}
	if late := site.late(t); len(late) != 1 || !late[0] {
		t.Errorf("after accepting: late flags %v, want [true]", late)
	}
}

// TestTabletBrowserClosedBeyondGraceOnSend: online, the round turns out closed for
// good when she sends: a calm closed screen in her language, Send gone, the answer
// handed to the coordinator.
func TestTabletBrowserClosedBeyondGraceOnSend(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	answerDemo(t, ctx, site, "ar", "قصتي", false)
	setDemoRound(t, site, "closed_at", time.Now().UTC().Add(-survey.LateGrace-time.Hour))
	step(t, ctx, "send", click("#send"))
	waitJS(t, ctx, "closed screen", "document.querySelector('#hand-on')")
	waitText(t, ctx, "h1", "هذه الجولة مغلقة")
	waitText(t, ctx, "#closed-text", "سيراها مرافقك")
	if !js[bool](t, ctx, "!!document.querySelector('#listen')") {
		t.Error("the closed screen cannot be listened to")
	}
	checkAxe(t, ctx, "closed on send")
	if js[bool](t, ctx, "!!document.querySelector('#send')") {
		t.Error("Send is still there")
	}
	waitJS(t, ctx, "reported", idbDump+".then(function (s) { var o = JSON.parse(s).outbox; return o.length === 1 && o[0].reported; })")
	var n int64
	site.env.DB.Q(context.Background()).Model(&survey.Undeliverable{}).Count(&n)
	if n != 1 {
		t.Errorf("undeliverable reports = %d, want 1", n)
	}
	step(t, ctx, "hand on", click("#hand-on"))
	waitJS(t, ctx, "language step", "document.querySelector('.tb-langs') || document.querySelector('#closed')")
}

// TestTabletBrowserClosedRoundAtLoad: a closed round's page is a calm closed screen in
// the chosen language, not the staff home page with "unknown code".
func TestTabletBrowserClosedRoundAtLoad(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	site.closeRound(t)
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=ar"), chromedp.WaitVisible(css("#closed")))
	waitText(t, ctx, "#closed h1", "هذه الجولة مغلقة")
	checkAxe(t, ctx, "closed round")
	if js[string](t, ctx, "document.documentElement.dir") != "rtl" || js[bool](t, ctx, "!!document.querySelector('#screen, .tb-lang, a[href=\"/login\"]')") {
		t.Error("closed screen: wrong direction, or a flow, language switch or staff login is offered")
	}
}

// TestTabletBrowserAnswerChecks (issue 14.6): spaces are no answer at Next; the message
// goes once she types; a pasted text over the limit is kept whole, counted and refused
// with a plain message; the limit is stated.
func TestTabletBrowserAnswerChecks(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	openedBy(t, ctx, site, "nl")
	step(t, ctx, "anonymous", click("#anon"), chromedp.WaitVisible(css("#answer")))
	waitText(t, ctx, "#answer-count", "Hoogstens 5000 tekens.")
	step(t, ctx, "spaces", chromedp.SendKeys(css("#answer"), "     "), click("#next"))
	waitText(t, ctx, "#q-error", "Geef eerst een antwoord.")
	waitText(t, ctx, ".tb-count", "Vraag 1 ")
	step(t, ctx, "type", chromedp.SendKeys(css("#answer"), "a"))
	waitJS(t, ctx, "message gone", "document.querySelector('#q-error').textContent === ''")
	// Paste 10,000 characters (inserted as the browser inserts a paste, so a maxlength
	// would cut it).
	js[bool](t, ctx, `(function () { var f = document.querySelector('#answer'); f.value = ''; f.focus(); return true; })()`)
	step(t, ctx, "paste", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: strings.Repeat("x", 10000)})
		return err
	}))
	if n := js[int](t, ctx, "document.querySelector('#answer').value.length"); n != 10000 {
		t.Errorf("the field holds %d characters, want all 10000", n)
	}
	waitText(t, ctx, "#answer-count", "Je antwoord is te lang: 10000 van de 5000 tekens.")
	step(t, ctx, "next", click("#next"))
	waitJS(t, ctx, "back in the field", "document.activeElement === document.querySelector('#answer')")
	if !strings.Contains(js[string](t, ctx, "document.querySelector('.tb-count').textContent"), "Vraag 1 ") {
		t.Error("Next accepted a text over the limit")
	}
	if n := js[int](t, ctx, "document.querySelector('#answer').value.length"); n != 10000 {
		t.Errorf("after Next the field holds %d characters, want all 10000", n)
	}
	js[bool](t, ctx, `(function () { var f = document.querySelector('#answer'); f.value = 'x'.repeat(4500); f.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	waitText(t, ctx, "#answer-count", "4500 van de 5000 tekens")
	checkAxe(t, ctx, "question with counter")
	step(t, ctx, "next", click("#next"))
	waitJS(t, ctx, "question 2", "document.querySelector('.tb-count').textContent.includes('Vraag 2 ')")
}

// TestTabletBrowserReviewIsolatesAnswers: on the Arabic review, an answer mixing Arabic
// and Dutch is isolated (<bdi dir=auto>) so its words keep their order.
func TestTabletBrowserReviewIsolatesAnswers(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	story := "تكلمت مع juf Marleen over de crèche اليوم"
	answerDemo(t, ctx, site, "ar", story, false)
	got := js[string](t, ctx, "(function () { var b = document.querySelector('.tb-review bdi.tb-answer[dir=auto]'); return b ? b.textContent : ''; })()")
	if got != story {
		t.Errorf("review answer in <bdi dir=auto> = %q, want %q", got, story)
	}
	if d := js[string](t, ctx, "document.querySelector('#answer') ? 'x' : ''"); d != "" {
		t.Error("unexpected field on the review")
	}
}
