package server_test

// Browser tests of the tablet for cursists who read little and tablets that are often
// offline: every language kept offline, recorded prompts, contrast, accessibility of
// every screen, and the round's "who are you" mode.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// setViewport makes the page w×h device pixels at zoom (2 = 200 %: the layout gets
// half as many CSS pixels, as the browser's zoom does).
func setViewport(t *testing.T, ctx context.Context, w, h int64, zoom float64) {
	t.Helper()
	step(t, ctx, fmt.Sprintf("viewport %dx%d at %v", w, h, zoom), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(float64(w) / zoom), Height: int64(float64(h) / zoom), DeviceScaleFactor: zoom})
		return err
	}))
}

// withoutVoices makes every page of ctx a device without speech voices (as many cheap
// tablets are for Arabic, Persian or Tigrinya); what it would have spoken is noted in
// window.oogstSpoken.
func withoutVoices(t *testing.T, ctx context.Context) {
	t.Helper()
	step(t, ctx, "no speech voices", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			if (window.speechSynthesis) {
				speechSynthesis.getVoices = function () { return []; };
				speechSynthesis.speak = function (u) { (window.oogstSpoken = window.oogstSpoken || []).push(u.text); };
			}`})
		return err
	}))
}

// clearDraft forgets the tablet's draft, so the next page of the round starts afresh.
func clearDraft(t *testing.T, ctx context.Context) {
	t.Helper()
	js[bool](t, ctx, `new Promise(function (res) {
		indexedDB.open("oogst-tablet").onsuccess = function (e) {
			var tx = e.target.result.transaction("draft", "readwrite");
			tx.objectStore("draft").clear();
			tx.oncomplete = function () { res(true); };
		};
	})`)
}

// played is what the Listen button played since the page loaded: the address of each
// recording, or "speech:" and the text given to the speech voice.
func played(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return js[[]string](t, ctx, `(window.oogstPlayed || []).map(function (p) { return p.audio || ("speech:" + p.speech); })`)
}

// TestTabletBrowserOfflineOtherLanguageWithVoice: a tablet that opened the round in
// Dutch while online can, offline (the browser offline and the server unreachable),
// take a whole Arabic reflection with a voice recording, and delivers it exactly once
// when the network is back.
func TestTabletBrowserOfflineOtherLanguageWithVoice(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	step(t, ctx, "open in Dutch", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")))
	// After the first screen the worker keeps every language, the recorder and the
	// prompts. Wait for that (not failing here: going offline too early fails below).
	deadline := time.Now().Add(20 * time.Second)
	for !js[bool](t, ctx, `caches.keys().then(function (keys) {
		var voice = JSON.parse(document.getElementById("tablet-data").textContent).voice;
		return Promise.all([caches.match("/r/DEMO42?lang=ar"), caches.match(voice), caches.match("/api/v1/rounds/DEMO42?lang=ar")]).then(function (hits) {
			if (!hits[0] || !hits[1] || !hits[2]) return false;
			return hits[2].json().then(function (round) { return caches.match(round.form.questions[0].audio_url); }).then(Boolean);
		});
	})`) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	setOffline(t, ctx, true)
	site.setDown(true)
	step(t, ctx, "Arabic page offline", chromedp.Navigate(site.URL+"/r/DEMO42?lang=ar"), chromedp.WaitVisible(css("#consent-yes")))
	if lang := js[string](t, ctx, "document.documentElement.lang + ' ' + document.querySelector('h1').textContent"); !strings.HasPrefix(lang, "ar ") || !strings.Contains(lang, "Oogst") {
		t.Fatalf("offline Arabic page: %q", lang)
	}
	step(t, ctx, "agree, no name", click("#consent-yes"), chromedp.WaitVisible(css("#anon")), click("#anon"), chromedp.WaitVisible(css("#voice-start")))
	step(t, ctx, "record offline", click("#voice-start"), chromedp.WaitVisible(css("#voice-stop")))
	if js[bool](t, ctx, "!!document.querySelector('.tb-error:not(:empty)')") {
		t.Fatalf("recorder error offline: %s", pageText(ctx))
	}
	recordFor(t, ctx, 1200)
	step(t, ctx, "stop", click("#voice-stop"), chromedp.WaitVisible(css("#voice-play")))
	walkToReview(t, ctx, false)
	step(t, ctx, "send offline", click("#send"))
	waitJS(t, ctx, "queued", "document.querySelector('#thanks') && !document.querySelector('#outbox').hidden")
	if n := site.count(t); n != 0 {
		t.Fatalf("stored while offline: %d", n)
	}
	site.setDown(false)
	setOffline(t, ctx, false)
	waitJS(t, ctx, "outbox empty", "document.querySelector('#outbox').hidden")
	deadline = time.Now().Add(10 * time.Second)
	for site.count(t) < 1 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a second delivery would show up by now
	bodies := site.bodies(t)
	if len(bodies) != 1 {
		t.Fatalf("stored responses after coming online = %d, want exactly 1", len(bodies))
	}
	var stored struct {
		Language string                     `json:"language"`
		Answers  map[string]json.RawMessage `json:"answers"`
	}
	if err := json.Unmarshal([]byte(bodies[0]), &stored); err != nil {
		t.Fatal(err)
	}
	var v struct{ Voice string }
	if err := json.Unmarshal(stored.Answers["change"], &v); stored.Language != "ar" || err != nil || v.Voice == "" {
		t.Fatalf("stored %s, want an Arabic answer with a voice recording", bodies[0])
	}
	if n := site.audioSize(t, v.Voice); n < 500 {
		t.Errorf("stored voice answer has %d bytes", n)
	}
}

// TestTabletBrowserListenRecordedPrompts: on a device without speech voices, Listen is
// there in every language of the demo round and plays the recorded consent, words and
// options, never the (absent) device voice.
func TestTabletBrowserListenRecordedPrompts(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	withoutVoices(t, ctx)
	site := newTabletSite(t)
	for _, lang := range []string{"nl", "fr", "en", "ar", "tr", "es", "uk", "ru", "ro", "pl", "fa"} {
		step(t, ctx, lang+": consent", chromedp.Navigate(site.URL+"/r/DEMO42?lang="+lang), chromedp.WaitVisible(css("#consent-yes")))
		if n := js[int](t, ctx, "speechSynthesis.getVoices().length"); n != 0 {
			t.Fatalf("the test device has %d voices", n)
		}
		step(t, ctx, lang+": listen to the consent", click("#listen"))
		waitJS(t, ctx, lang+": the first recording sounds", "window.oogstPlayed.length > 0 && window.oogstPlayed[0].playing")
		got := strings.Join(played(t, ctx), " ")
		for _, key := range []string{"_tablet3.welcome_title", "_consent.oogst-1", "_tablet.consent_yes", "_tablet.consent_no"} {
			if !strings.Contains(got, "/audio/prompts/"+key+"/"+lang+"?") {
				t.Errorf("%s: consent screen did not play %s: %s", lang, key, got)
			}
		}
		step(t, ctx, lang+": to the sign question", click("#consent-yes"), chromedp.WaitVisible(css("#anon")), click("#anon"),
			chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "x"), click("#next"), chromedp.WaitVisible(css(".tb-options")))
		step(t, ctx, lang+": listen to the question", click("#listen"))
		got = strings.Join(played(t, ctx), " ")
		for _, key := range []string{"sign", "sign.positive", "sign.negative", "sign.both", "_tablet.next", "_tablet.back"} {
			if !strings.Contains(got, "/audio/prompts/"+key+"/"+lang+"?") {
				t.Errorf("%s: question screen did not play %s: %s", lang, key, got)
			}
		}
		if strings.Contains(got, "speech:") {
			t.Errorf("%s: fell back to a speech voice the device does not have: %s", lang, got)
		}
		clearDraft(t, ctx)
	}
}

// contrastJS measures, for every visible input, card and button, the contrast of its
// border against the background around it (WCAG relative luminance).
const contrastJS = `(function () {
	function rgba(c) { var m = c.match(/[\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; }
	function lum(c) {
		return [c.r, c.g, c.b].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
			.reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
	}
	function around(el) {
		for (var e = el.parentElement; e; e = e.parentElement) { var c = rgba(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
		return { r: 255, g: 255, b: 255, a: 1 };
	}
	var out = [];
	document.querySelectorAll(".tb-input, .tb-option, .tb-choice, .tb-btn, .tb-points li, .tb-consent").forEach(function (el) {
		var cs = getComputedStyle(el), r = el.getBoundingClientRect();
		if (!r.width || !r.height || cs.visibility === "hidden" || parseFloat(cs.borderTopWidth) === 0) return;
		var a = lum(rgba(cs.borderTopColor)), b = lum(around(el));
		var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		out.push((el.id || el.className) + "=" + ratio.toFixed(2));
	});
	return out;
})()`

// TestTabletBrowserBorderContrast: the borders of inputs, cards and buttons stand out
// at least 3:1 from their background on every kind of screen (WCAG 2.2, 1.4.11).
func TestTabletBrowserBorderContrast(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	measured := 0
	check := func(screen string) {
		for _, m := range js[[]string](t, ctx, contrastJS) {
			measured++
			var ratio float64
			fmt.Sscanf(m[strings.LastIndex(m, "=")+1:], "%g", &ratio)
			if ratio < 3 {
				t.Errorf("%s: border contrast %s, want ≥ 3", screen, m)
			}
		}
	}
	step(t, ctx, "language step", chromedp.Navigate(site.URL+"/r/DEMO42"), chromedp.WaitVisible(css(".tb-langs")))
	check("language step")
	step(t, ctx, "consent", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")))
	check("consent")
	step(t, ctx, "who", click("#consent-yes"), chromedp.WaitVisible(css("#who-code")))
	waitJS(t, ctx, "names", "document.querySelector('.tb-people button')")
	check("who")
	step(t, ctx, "question", click("#anon"), chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "x"))
	check("text question")
	step(t, ctx, "choices", click("#next"), chromedp.WaitVisible(css(".tb-options")), click(`label[for="o-0"]`))
	check("choice question")
	walkToReview(t, ctx, false)
	check("review")
	if measured < 20 {
		t.Errorf("only %d borders measured", measured)
	}
}

// TestTabletBrowserAxeEveryScreen: axe-core finds no serious violation on any screen of
// the tablet in Dutch, Arabic and Persian, and in landscape, portrait and at 200 % zoom.
// Not every language at every size: axe's rules read the markup, and the few that read
// the layout (target size, scrollable regions, reflow) do not depend on the words. So
// Arabic, the right-to-left layout most likely to break, walks every size; Dutch and
// Persian walk one size each. Each walk is about 12 s of Chromium, the longest browser
// test there is.
func TestTabletBrowserAxeEveryScreen(t *testing.T) {
	t.Parallel()
	landscape, portrait, zoom := axeViewport{"1024x768", "1024x768", 1024, 768, 1}, axeViewport{"768x1024", "768x1024", 768, 1024, 1}, axeViewport{"200%", "zoom200", 1024, 768, 2}
	for _, w := range []struct {
		lang string
		vp   axeViewport
	}{{"ar", landscape}, {"ar", portrait}, {"ar", zoom}, {"nl", landscape}, {"fa", portrait}} {
		// One walk per subtest, each in its own browser context and site, so the walks
		// spread over the run.
		t.Run(w.lang+" "+w.vp.test, func(t *testing.T) {
			t.Parallel()
			axeEveryScreen(t, w.lang, w.vp)
		})
	}
}

type axeViewport struct {
	// test names the subtest: its temp directory gets the name, and SQLite would read
	// a "%" in the path as an escape.
	name, test string
	w, h       int64
	zoom       float64
}

func axeEveryScreen(t *testing.T, lang string, vp axeViewport) {
	ctx := newBrowser(t)
	site := newTabletSite(t)
	where := lang + " " + vp.name + ": "
	setViewport(t, ctx, vp.w, vp.h, vp.zoom)
	step(t, ctx, where+"language step", chromedp.Navigate(site.URL+"/r/DEMO42"), chromedp.WaitVisible(css(".tb-langs")))
	checkAxe(t, ctx, where+"language step")
	step(t, ctx, where+"consent", click(`.tb-langs a[lang="`+lang+`"]`), chromedp.WaitVisible(css("#consent-yes")))
	checkAxe(t, ctx, where+"consent")
	step(t, ctx, where+"who", click("#consent-yes"), chromedp.WaitVisible(css("#who-title")))
	waitJS(t, ctx, "names", "document.querySelector('.tb-people button')")
	checkAxe(t, ctx, where+"who are you")
	step(t, ctx, where+"confirm", click(".tb-people li:first-child button"), chromedp.WaitVisible(css("#who-yes")))
	checkAxe(t, ctx, where+"are you …?")
	step(t, ctx, where+"question", click("#who-yes"), chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "x"))
	walkToReview(t, ctx, true)
	step(t, ctx, where+"send", click("#send"), chromedp.WaitVisible(css("#next-person")))
	checkAxe(t, ctx, where+"thank-you")
}

// TestTabletBrowserWhoModes: each way of saying who you are, as the coordinator chose
// it for the round: a name from the list (with "are you …?", names also in their own
// script, "without a name" in view at 1024×768), a personal code with no names shown,
// or anonymous only.
func TestTabletBrowserWhoModes(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	site := newTabletSite(t)
	setViewport(t, ctx, 1024, 768, 1)

	// List: the first person also has her name in Arabic script.
	step(t, ctx, "list", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#who-title")))
	waitJS(t, ctx, "names", "document.querySelector('.tb-people button')")
	if !js[bool](t, ctx, `(function () { var r = document.querySelector("#anon").getBoundingClientRect();
		return window.scrollY === 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()`) {
		t.Error("'continue without a name' is not in view at 1024×768 without scrolling")
	}
	code := js[string](t, ctx, "document.querySelector('.tb-people li:first-child button').dataset.code")
	name := js[string](t, ctx, "document.querySelector('.tb-people li:first-child .tb-name').textContent")
	site.setNative(t, code, "فاطمة")
	// She already agreed on this tablet, so a reload first asks whether it is still her.
	step(t, ctx, "reload with the native name", chromedp.Reload(), chromedp.WaitVisible(css("#its-me")), click("#its-me"), chromedp.WaitVisible(css("#who-title")))
	waitText(t, ctx, ".tb-people li:first-child", "فاطمة")
	step(t, ctx, "tap a name", click(".tb-people li:first-child button"), chromedp.WaitVisible(css("#who-no")))
	waitText(t, ctx, "#who-confirm", "Ben jij "+name)
	step(t, ctx, "not me", click("#who-no"))
	waitJS(t, ctx, "back to the names", "document.querySelector('.tb-people li:first-child button')")
	step(t, ctx, "me after all", click(".tb-people li:first-child button"), chromedp.WaitVisible(css("#who-yes")), click("#who-yes"),
		chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "Lijst"))
	walkToReview(t, ctx, false)
	step(t, ctx, "send", click("#send"), chromedp.WaitVisible(css("#next-person")))
	if got := site.cursistsIn(t, "DEMO42"); !strings.Contains(strings.Join(got, ","), code) {
		t.Errorf("list round: stored cursists %v, want %s among them", got, code)
	}

	// Personal code: nobody's name is listed, not even by the API.
	site.openRound(t, "KODE42", "code")
	step(t, ctx, "code", chromedp.Navigate(site.URL+"/r/KODE42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"), chromedp.WaitVisible(css("#who-code")))
	if js[bool](t, ctx, "!!document.querySelector('.tb-people') || document.body.textContent.includes("+jsString(name)+")") {
		t.Error("a personal-code round shows names")
	}
	if n := js[int](t, ctx, "fetch('/api/v1/rounds/KODE42/cursists').then(function (r) { return r.json(); }).then(function (j) { return j.items.length; })"); n != 0 {
		t.Errorf("a personal-code round lists %d cursists over the API", n)
	}
	waitText(t, ctx, "label[for=who-code]", "Typ je persoonlijke code")
	step(t, ctx, "type the code", chromedp.SendKeys(css("#who-code"), strings.ToLower(code)), click(".tb-codeform button"),
		chromedp.WaitVisible(css("#answer")), chromedp.SendKeys(css("#answer"), "Code"))
	walkToReview(t, ctx, false)
	step(t, ctx, "send", click("#send"), chromedp.WaitVisible(css("#next-person")))
	if got := site.cursistsIn(t, "KODE42"); len(got) != 1 || got[0] != code {
		t.Errorf("code round: stored cursists %v, want [%s]", got, code)
	}

	// Anonymous only: no question about who you are at all.
	site.openRound(t, "ANON42", "anonymous")
	step(t, ctx, "anonymous", chromedp.Navigate(site.URL+"/r/ANON42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"),
		chromedp.WaitVisible(css("#answer")))
	if js[bool](t, ctx, "!!document.querySelector('#who-title')") {
		t.Error("an anonymous-only round asks who you are")
	}
	step(t, ctx, "answer", chromedp.SendKeys(css("#answer"), "Anoniem"))
	walkToReview(t, ctx, false)
	step(t, ctx, "send", click("#send"), chromedp.WaitVisible(css("#next-person")))
	if got := site.cursistsIn(t, "ANON42"); len(got) != 1 || got[0] != "" {
		t.Errorf("anonymous round: stored cursists %v, want one anonymous", got)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestTabletBrowserTabletCheckKnowsTheDevice: the tablet check asks the browser that
// opens it whether it has a voice per language (here: Arabic only).
func TestTabletBrowserTabletCheckKnowsTheDevice(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	step(t, ctx, "an Arabic voice only", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
			if (window.speechSynthesis) speechSynthesis.getVoices = function () { return [{ lang: "ar-SA", name: "Test" }]; };`})
		return err
	}))
	site := newTabletSite(t)
	step(t, ctx, "log in", chromedp.Navigate(site.URL+"/login"), chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), "coordinator@gent.demo"), chromedp.SendKeys(css("#password"), "oogst-demo-2026"), chromedp.Submit(css("#password")))
	waitJS(t, ctx, "logged in", "location.pathname !== '/login'")
	step(t, ctx, "round page", chromedp.Navigate(site.URL+"/survey/rounds"), chromedp.WaitVisible(css("main")))
	step(t, ctx, "open DEMO42", chromedp.Navigate(site.URL+"/survey/rounds/"+js[string](t, ctx,
		`(function () { var a = Array.prototype.filter.call(document.querySelectorAll("a[href^='/survey/rounds/']"), function (a) { return /\/survey\/rounds\/\d+$/.test(a.getAttribute("href")) && (a.closest("tr, li, article") || a).textContent.includes("DEMO42"); }); return a[0].getAttribute("href").split("/").pop(); })()`)),
		chromedp.WaitVisible(css("#tablet-check")), click("#tablet-check"), chromedp.WaitVisible(css("#tablet-check-table")))
	waitJS(t, ctx, "voices checked", "document.querySelector('tr[data-lang=ar] .tc-voice').getAttribute('data-voice') !== null")
	got := js[string](t, ctx, `["ar", "fa", "nl"].map(function (l) { return l + "=" + document.querySelector("tr[data-lang=" + l + "] .tc-voice").textContent; }).join(" ")`)
	if got != "ar=Ja fa=Nee nl=Nee" {
		t.Errorf("voices on this device: %s", got)
	}
}
