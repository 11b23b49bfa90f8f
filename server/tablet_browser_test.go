package server_test

// Browser tests of the tablet flow in real headless Chromium. They are skipped when
// Chromium is missing, unless OOGST_TEST_REQUIRE_BROWSER=1 (CI), which makes that a
// failure. Run them with:
//
//	go test ./server/ -run TabletBrowser -v

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"oogst/server/servertest"
	"oogst/survey"
)

// tabletSite is a running Oogst with an open round DEMO42 (anonymous answers allowed)
// and ways to look into what it stored.
type tabletSite struct {
	URL        string
	count      func(t *testing.T) int                   // stored responses of DEMO42
	bodies     func(t *testing.T) []string              // their answers, as JSON
	audioSize  func(t *testing.T, clientID string) int  // bytes of a stored voice answer
	closeRound func(t *testing.T)                       // closes DEMO42
	openRound  func(t *testing.T, code, mode string)    // opens another Gent round on the demo form
	cursistsIn func(t *testing.T, code string) []string // cursist code ("" when anonymous) per stored response
	setNative  func(t *testing.T, code, name string)    // a cursist's first name in her own script
	setDown    func(down bool)                          // the server stops answering (or answers again)
	late       func(t *testing.T) []bool                // late flags of the stored responses
	responses  func(t *testing.T) []survey.Response     // the stored responses of DEMO42
	env        *servertest.Env
}

// step runs browser actions with a generous deadline.
func step(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v\npage: %s", what, err, pageText(ctx))
	}
}

func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(sctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript condition until it is true (it survives navigations).
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(sctx, chromedp.Evaluate[bool]("Promise.resolve("+expr+").then(function (v) { return !!v; })", chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s (%s): %v\npage: %s", what, expr, err, pageText(ctx))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func pageText(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	s, _ := chromedp.Run(sctx, chromedp.Evaluate[string]("location.href + ' | ' + (document.body ? document.body.innerText : '')"))
	if len(s) > 600 {
		s = s[:600]
	}
	return s
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(css(sel), chromedp.NodeVisible)
}

// waitText waits until the element matching sel contains text.
func waitText(t *testing.T, ctx context.Context, sel, text string) {
	t.Helper()
	q, _ := json.Marshal(sel)
	x, _ := json.Marshal(text)
	waitJS(t, ctx, fmt.Sprintf("text %q in %s", text, sel),
		fmt.Sprintf("document.querySelector(%s) && document.querySelector(%s).textContent.includes(%s)", q, q, x))
}

// axeSource is axe-core, vendored for tests only.
var axeSource = func() string {
	b, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		return ""
	}
	return string(b)
}()

// checkAxe runs axe-core on the current screen and fails on serious or critical
// violations.
func checkAxe(t *testing.T, ctx context.Context, screen string) {
	t.Helper()
	if axeSource == "" {
		t.Fatal("server/testdata/axe.min.js is missing")
	}
	step(t, ctx, "bypass CSP", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	if !js[bool](t, ctx, "typeof axe !== 'undefined'") {
		js[bool](t, ctx, axeSource+";true")
	}
	found := js[[]string](t, ctx, `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
		return r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
			.map(function (v) { return v.impact + " " + v.id + ": " + v.help + " at " + v.nodes.map(function (n) { return n.target.join(" "); }).join(", "); });
	})`)
	for _, v := range found {
		t.Errorf("axe on %s: %s", screen, v)
	}
}

// setOffline switches the page's network (and its service worker's) off or on, and
// tells the page through navigator.onLine and the online/offline events.
func setOffline(t *testing.T, ctx context.Context, offline bool) {
	t.Helper()
	step(t, ctx, fmt.Sprintf("offline=%v", offline), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		// Sent raw with both shapes' keys: the 148 headless shell rejected the typed call
		// (it wants "offline" on the call), while 156, which the typed call was written
		// for, reads it from each rule; the protocol passes over keys it does not know.
		rule := map[string]any{"urlPattern": "", "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1, "offline": true}
		params := map[string]any{"offline": offline, "emulateOfflineServiceWorker": offline, "matchedNetworkConditions": []any{}}
		if offline {
			params["matchedNetworkConditions"] = []any{rule}
		}
		byRule := cdp.Command[map[string]any, cdp.Empty]{Method: network.CommandEmulateNetworkConditionsByRule}
		if _, err := chromedp.Call(ctx, byRule, params); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// answerDemo walks the demo round from the language step to the review screen in
// lang: anonymous, the story as the first answer, then every further question answered
// (text, the first choice, the first two of a multiple choice). withAxe checks every
// screen on the way.
// sentOffline answers the demo round in Dutch with story on a new tablet and sends it
// while the tablet is offline: the thank-you screen says it waits for the internet.
func sentOffline(t *testing.T, story string) (context.Context, *tabletSite) {
	t.Helper()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	answerDemo(t, ctx, site, "nl", story, false)
	setOffline(t, ctx, true)
	step(t, ctx, "send offline", click("#send"))
	waitText(t, ctx, "#thanks", "Er is nu geen internet.")
	return ctx, site
}

func answerDemo(t *testing.T, ctx context.Context, site *tabletSite, lang, story string, withAxe bool) {
	t.Helper()
	step(t, ctx, "open round", chromedp.Navigate(site.URL+"/r/DEMO42"), chromedp.WaitVisible(css(".tb-langs")))
	if withAxe {
		checkAxe(t, ctx, "language step")
	}
	step(t, ctx, "choose language", click(`.tb-langs a[lang="`+lang+`"]`))
	step(t, ctx, "consent", chromedp.WaitVisible(css("#consent-yes")))
	if withAxe {
		checkAxe(t, ctx, "consent step")
	}
	step(t, ctx, "agree", click("#consent-yes"))
	waitJS(t, ctx, "who screen", "document.querySelector('#who-title') && document.documentElement.lang === '"+lang+"'")
	waitJS(t, ctx, "people list", "document.querySelectorAll('.tb-people button').length > 0")
	if withAxe {
		checkAxe(t, ctx, "who step")
	}
	step(t, ctx, "continue anonymously", click("#anon"))
	step(t, ctx, "question 1", chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), story))
	walkToReview(t, ctx, withAxe)
}

// walkToReview answers the current and every further question until the review screen.
func walkToReview(t *testing.T, ctx context.Context, withAxe bool) {
	t.Helper()
	for i := 0; i < 20; i++ {
		waitJS(t, ctx, "a question or the review", "document.querySelector('#send') || document.querySelector('#qtext')")
		if js[bool](t, ctx, "!!document.querySelector('#send')") {
			if withAxe {
				checkAxe(t, ctx, "review")
			}
			return
		}
		if withAxe {
			checkAxe(t, ctx, "question "+js[string](t, ctx, "document.querySelector('.tb-count').textContent"))
		}
		switch {
		case js[bool](t, ctx, "!!document.querySelector('#answer') && document.querySelector('#answer').value === '' && !document.querySelector('#voice-play')"):
			step(t, ctx, "type", chromedp.SendKeys(css("#answer"), "Antwoord "+fmt.Sprint(i)))
		case js[bool](t, ctx, "!!document.querySelector('.tb-options input[type=radio]') && !document.querySelector('.tb-options input:checked')"):
			step(t, ctx, "pick", click(`label[for="o-0"]`))
		case js[bool](t, ctx, "!!document.querySelector('.tb-options input[type=checkbox]') && !document.querySelector('.tb-options input:checked')"):
			step(t, ctx, "pick two", click(`label[for="o-0"]`), click(`label[for="o-1"]`))
		}
		before := js[string](t, ctx, "document.querySelector('.tb-count').textContent")
		step(t, ctx, "next", click("#next"))
		q, _ := json.Marshal(before)
		waitJS(t, ctx, "the next screen", "document.querySelector('#send') || document.querySelector('.tb-count') && document.querySelector('.tb-count').textContent !== "+string(q))
	}
	t.Fatal("no review screen after 20 questions")
}

func TestTabletBrowserDutchFlow(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	// The home page's code box, typed sloppily, leads to the round.
	step(t, ctx, "home", chromedp.Navigate(site.URL+"/"), chromedp.WaitVisible(css("#join-code")),
		chromedp.SendKeys(css("#join-code"), " demo42 "), chromedp.Submit(css("#join-code")))
	waitJS(t, ctx, "round page", "location.pathname === '/r/DEMO42' && document.querySelector('.tb-langs')")

	story := "Ik durf nu zelf de ouders aan te spreken, gisteren bij het ophalen."
	answerDemo(t, ctx, site, "nl", story, true)
	waitText(t, ctx, ".tb-review", story)
	waitText(t, ctx, "h1", "Kijk je antwoorden na")
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#thanks", "Je antwoorden zijn goed aangekomen.")
	checkAxe(t, ctx, "thank-you")
	if n := site.count(t); n != 1 {
		t.Fatalf("stored responses = %d, want 1", n)
	}
	body := strings.Join(site.bodies(t), "")
	if !strings.Contains(body, "gisteren bij het ophalen") || !strings.Contains(body, "positive") {
		t.Errorf("stored answers miss the story or the sign: %s", body)
	}
	if js[bool](t, ctx, "!document.querySelector('#outbox').hidden") {
		t.Error("outbox counter shows although everything was sent")
	}
}

func TestTabletBrowserArabic(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	answerDemo(t, ctx, site, "ar", "أتكلم الآن مع الأهل بنفسي.", false)
	if dir := js[string](t, ctx, "document.documentElement.dir"); dir != "rtl" {
		t.Errorf("dir = %q, want rtl", dir)
	}
	waitText(t, ctx, "h1", "راجع أجوبتك")
	waitText(t, ctx, "#send", "إرسال")
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#thanks", "وصلت أجوبتك.")
	waitText(t, ctx, "#next-person", "الشخص التالي")
	if n := site.count(t); n != 1 {
		t.Fatalf("stored responses = %d, want 1", n)
	}
	if body := strings.Join(site.bodies(t), ""); !strings.Contains(body, `"language":"ar"`) && !strings.Contains(body, `"language": "ar"`) {
		t.Errorf("response language is not ar: %s", body)
	}
}

func TestTabletBrowserOfflineThenOnline(t *testing.T) {
	t.Parallel()
	ctx, site := sentOffline(t, "Offline geschreven verhaal")
	waitText(t, ctx, "#outbox", "1 reflectie wacht om verstuurd te worden.")
	if n := site.count(t); n != 0 {
		t.Fatalf("stored while offline: %d", n)
	}
	// The next person may start while the outbox waits; it keeps its reflection.
	step(t, ctx, "next person", click("#next-person"))
	waitJS(t, ctx, "language step", "document.querySelector('.tb-langs')")
	// The language step speaks the browser's language (English here); the count stays.
	waitJS(t, ctx, "counter on the language step", "!document.querySelector('#outbox').hidden && document.querySelector('#outbox').textContent.includes('1')")
	setOffline(t, ctx, false)
	waitJS(t, ctx, "outbox empty", "document.querySelector('#outbox').hidden")
	deadline := time.Now().Add(10 * time.Second)
	for site.count(t) != 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := site.count(t); n != 1 {
		t.Fatalf("stored responses after coming online = %d, want exactly 1", n)
	}
	if body := strings.Join(site.bodies(t), ""); !strings.Contains(body, "Offline geschreven verhaal") {
		t.Errorf("stored answer is not the offline one: %s", body)
	}
}

func TestTabletBrowserReloadAndNextPersonLeaveNoTrace(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	secret := "GEHEIM-verhaal-van-Amina"
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#who-title")))
	waitJS(t, ctx, "people list", "document.querySelector('.tb-people button[data-code]')")
	step(t, ctx, "pick the first person", click(`.tb-people li:first-child button`), click("#who-yes"), chromedp.WaitVisible(css("#answer")),
		chromedp.SendKeys(css("#answer"), secret))
	// Every keystroke is in IndexedDB: the whole text is there before anything else happens.
	waitJS(t, ctx, "draft saved", `new Promise(function (res) {
		indexedDB.open("oogst-tablet").onsuccess = function (e) {
			e.target.result.transaction("draft").objectStore("draft").get("DEMO42").onsuccess = function (g) {
				res(JSON.stringify(g.target.result || {}).includes("`+secret+`"));
			};
		};
	})`)
	// A reload (or a dead battery) loses nothing: same screen, same text.
	// A reload (or a dead battery) loses nothing: after "is this you?", same screen, same text.
	step(t, ctx, "reload", chromedp.Reload())
	waitJS(t, ctx, "is this you", "document.querySelector('#its-me')")
	if js[bool](t, ctx, "document.documentElement.outerHTML.includes('GEHEIM')") {
		t.Error("the draft shows before the person said it is hers")
	}
	step(t, ctx, "it is me", click("#its-me"))
	waitJS(t, ctx, "draft restored", "document.querySelector('#answer') && document.querySelector('#answer').value === '"+secret+"'")
	walkToReview(t, ctx, false)
	step(t, ctx, "send", click("#send"))
	waitJS(t, ctx, "thanks", "document.querySelector('#next-person')")
	step(t, ctx, "next person", click("#next-person"))
	waitJS(t, ctx, "language step", "location.search === '' && document.querySelector('.tb-langs')")
	leftovers := js[string](t, ctx, `new Promise(function (res) {
		var r = indexedDB.open("oogst-tablet");
		r.onsuccess = function () {
			var db = r.result, tx = db.transaction(["draft", "outbox"]), out = {};
			tx.objectStore("draft").count().onsuccess = function (e) { out.draft = e.target.result; };
			tx.objectStore("outbox").getAll().onsuccess = function (e) { out.outbox = e.target.result; };
			tx.oncomplete = function () { res(JSON.stringify(out)); };
		};
	})`)
	if leftovers != `{"draft":0,"outbox":[]}` {
		t.Errorf("IndexedDB after next person: %s", leftovers)
	}
	if js[bool](t, ctx, "document.documentElement.outerHTML.includes('GEHEIM') || JSON.stringify(localStorage).includes('GEHEIM') || JSON.stringify(sessionStorage).includes('GEHEIM')") {
		t.Error("the previous person's answer is still on the page or in web storage")
	}
	if n := js[int](t, ctx, "localStorage.length + sessionStorage.length"); n != 0 {
		t.Errorf("web storage holds %d items", n)
	}
	// Going back in history does not bring the answers back either.
	step(t, ctx, "open flow", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#who-title")))
	if js[bool](t, ctx, "document.documentElement.outerHTML.includes('GEHEIM')") {
		t.Error("a fresh flow shows the previous answer")
	}
}

func TestTabletBrowserVoiceAnswer(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#anon")), click("#anon"),
		chromedp.WaitVisible(css("#voice-start")))
	if js[bool](t, ctx, "!!window.OogstVoice") {
		t.Error("the voice recorder loaded before it was needed")
	}
	step(t, ctx, "record", click("#voice-start"), chromedp.WaitVisible(css("#voice-stop")))
	recordFor(t, ctx, 1200)
	step(t, ctx, "stop", click("#voice-stop"), chromedp.WaitVisible(css("#voice-play")))
	played := js[bool](t, ctx, `new Promise(function (res) {
		var a = document.querySelector("#voice-play");
		a.addEventListener("timeupdate", function () { if (a.currentTime > 0) res(true); });
		a.play().catch(function () { res(false); });
		setTimeout(function () { res(a.currentTime > 0); }, 5000);
	})`)
	if !played {
		t.Error("the recording does not play back")
	}
	// Re-record replaces the first recording.
	step(t, ctx, "record again", click("#voice-start"), chromedp.WaitVisible(css("#voice-stop")))
	recordFor(t, ctx, 800)
	step(t, ctx, "stop", click("#voice-stop"), chromedp.WaitVisible(css("#voice-play")))
	walkToReview(t, ctx, false)
	waitText(t, ctx, ".tb-review", "Spraakopname")
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#thanks", "Je antwoorden zijn goed aangekomen.")
	var stored struct {
		Answers map[string]json.RawMessage `json:"answers"`
	}
	bodies := site.bodies(t)
	if len(bodies) != 1 {
		t.Fatalf("stored responses = %d, want 1", len(bodies))
	}
	if err := json.Unmarshal([]byte(bodies[0]), &stored); err != nil {
		t.Fatal(err)
	}
	var v struct{ Voice string }
	if err := json.Unmarshal(stored.Answers["change"], &v); err != nil || v.Voice == "" {
		t.Fatalf("answer to change has no voice: %s", stored.Answers["change"])
	}
	if n := site.audioSize(t, v.Voice); n < 500 {
		t.Errorf("stored voice answer %s has %d bytes", v.Voice, n)
	}
}

// recordFor lets the fake microphone speak for ms milliseconds (the one wait that is a
// duration by nature).
func recordFor(t *testing.T, ctx context.Context, ms int) {
	t.Helper()
	js[bool](t, ctx, fmt.Sprintf("new Promise(function (r) { setTimeout(function () { r(true); }, %d); })", ms))
}

func TestTabletBrowserZoom200(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#anon")), click("#anon"),
		chromedp.WaitVisible(css("#answer")))
	// Text zoom: the root font size doubles (the tablet CSS sizes everything in rem).
	js[bool](t, ctx, "document.documentElement.style.fontSize = '200%'; true")
	if js[bool](t, ctx, "document.documentElement.scrollWidth > window.innerWidth + 1") {
		t.Errorf("horizontal scroll at 200%%: scrollWidth %v > %v", js[float64](t, ctx, "document.documentElement.scrollWidth"), js[float64](t, ctx, "window.innerWidth"))
	}
	for _, sel := range []string{"#next", "#back", "#answer", "#qtext"} {
		ok := js[bool](t, ctx, `(function () { var e = document.querySelector("`+sel+`"); e.scrollIntoView({block: "center"}); var r = e.getBoundingClientRect();
			return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth + 1 && r.top >= 0 && r.bottom <= window.innerHeight + 1; })()`)
		if !ok {
			t.Errorf("%s is not fully visible at 200%% text size", sel)
		}
	}
	// Still usable: typing and going on works.
	step(t, ctx, "type", chromedp.SendKeys(css("#answer"), "groot"), click("#next"))
	waitJS(t, ctx, "q2", "document.querySelector('.tb-options input[type=radio]')")
}

// TestTabletBrowserClosedWhileAnsweringStoredLate: the round closes while a cursist is
// answering; her reflection, begun while it was open, is still stored (marked late)
// and she is thanked as usual.
func TestTabletBrowserClosedWhileAnsweringStoredLate(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	answerDemo(t, ctx, site, "nl", "Verhaal dat niet weg mag", false)
	site.closeRound(t)
	step(t, ctx, "send", click("#send"))
	waitText(t, ctx, "#thanks", "Je antwoorden zijn goed aangekomen.")
	if n := site.count(t); n != 1 {
		t.Fatalf("stored %d responses, want 1", n)
	}
	if late := site.late(t); len(late) != 1 || !late[0] {
		t.Errorf("late flags = %v, want [true]", late)
	}
	if !js[bool](t, ctx, "document.querySelector('#outbox').hidden") {
		t.Error("the outbox shows something although the reflection arrived")
	}
}

// TestTabletBrowserConsentDeclined: a cursist who does not agree is thanked and nothing
// of hers is stored or kept on the tablet.
func TestTabletBrowserConsentDeclined(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-no")))
	waitText(t, ctx, ".tb-consent", "Ga je akkoord?")
	step(t, ctx, "decline", click("#consent-no"))
	waitText(t, ctx, "main", "Je hoeft niets te doen")
	if n := site.count(t); n != 0 {
		t.Errorf("%d responses stored after declining", n)
	}
}
