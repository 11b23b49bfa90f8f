package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"oogst/server/servertest"
)

// TestTabletBrowserVoiceQuotaShown: when the round has no room left for recordings the
// tablet shows the server's reason on the review screen and keeps the reflection (not
// stored); when this place sent too much this hour it says so on the thank-you screen
// and keeps the reflection in the outbox for later.
func TestTabletBrowserVoiceQuotaShown(t *testing.T) {
	t.Parallel()
	recordAndSend := func(t *testing.T, site *tabletSite) context.Context {
		ctx := newBrowser(t)
		step(t, ctx, "open", chromedp.Navigate(site.URL+"/r/DEMO42?lang=nl"), chromedp.WaitVisible(css("#consent-yes")), click("#consent-yes"),
			chromedp.WaitVisible(css("#anon")), click("#anon"), chromedp.WaitVisible(css("#voice-start")))
		step(t, ctx, "record", click("#voice-start"), chromedp.WaitVisible(css("#voice-stop")))
		recordFor(t, ctx, 800)
		step(t, ctx, "stop", click("#voice-stop"), chromedp.WaitVisible(css("#voice-play")))
		walkToReview(t, ctx, false)
		step(t, ctx, "send", click("#send"))
		return ctx
	}
	t.Run("round full", func(t *testing.T) {
		site := newTabletSite(t, servertest.Options{UploadQuotaRoundBytes: 1})
		ctx := recordAndSend(t, site)
		waitJS(t, ctx, "reason on the review screen", "document.querySelector('#send-errors') && document.querySelector('[data-field=\"\"]')")
		waitText(t, ctx, "[data-field=\"\"]", "Er is geen plaats meer voor opnames in deze ronde.")
		if n := site.count(t); n != 0 {
			t.Errorf("stored %d responses", n)
		}
	})
	t.Run("address over its hourly quota", func(t *testing.T) {
		site := newTabletSite(t, servertest.Options{UploadQuotaIPBytes: 1500})
		// The same address (this machine) already uploaded its hour's worth.
		if r := upload(t, site.env.Client(t), "DEMO42", uuid.NewString(), webm(1400)); r.Status != http.StatusCreated {
			t.Fatalf("first upload: %d %s", r.Status, r.Body)
		}
		ctx := recordAndSend(t, site)
		waitText(t, ctx, "#quota", "te veel opnames verstuurd vanaf deze plek")
		if !js[bool](t, ctx, "document.querySelector('#thanks').hidden") {
			t.Error("the thank-you screen also says there is no internet")
		}
		if n := site.count(t); n != 0 {
			t.Errorf("stored %d responses", n)
		}
		// The outbox line is updated after its IndexedDB read, just after the screen.
		waitJS(t, ctx, "the reflection waiting in the outbox", "!document.querySelector('#outbox').hidden")
	})
}
