package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

func init() {
	register("tablet", scenarioTablet)
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// firstLoadBytes fetches a page and the CSS and JS it references, gzip-compressed as a
// browser would get them, and sums the bytes on the wire.
func firstLoadBytes(url, base string) (int, error) {
	get := func(u string) (int, string, error) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			return 0, "", err
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, "", err
		}
		body := raw
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err == nil {
				body, _ = io.ReadAll(zr)
			}
		}
		return len(raw), string(body), nil
	}
	n, page, err := get(url)
	if err != nil {
		return 0, err
	}
	for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
		k, _, err := get(base + m[1])
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}

func scenarioTablet(ctx context.Context, o options, work, bin string, r *report) error {
	dbURL, err := freshDatabase(ctx, o.dbURL, "oogst_bench_tablet")
	if err != nil {
		return err
	}
	env := []string{"DATABASE_URL=" + dbURL, "OOGST_DATA_DIR=" + work, "OOGST_LOG_LEVEL=warn", "OOGST_ADDR={addr}"}
	if out, err := runCmd(ctx, bin, []string{"demo"}, env); err != nil {
		return fmt.Errorf("demo data: %v: %s", err, out)
	}
	srv, err := start(ctx, work, "oogst-tablet", bin, []string{"serve"}, env, "/readyz")
	if err != nil {
		return err
	}
	defer srv.Stop()
	langBytes, err := firstLoadBytes(srv.URL()+"/r/DEMO42", srv.URL())
	if err != nil {
		return err
	}
	flowBytes, err := firstLoadBytes(srv.URL()+"/r/DEMO42?lang=nl", srv.URL())
	if err != nil {
		return err
	}
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		r.section("4. Tablet", fmt.Sprintf("First load of /r/DEMO42 (language page): %d B; of the question flow: %d B (compressed, HTML+CSS+JS). Chromium not found: time to first question not measured.", langBytes, flowBytes))
		return nil
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.UserDataDir(work+"/chromium"))
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()
	// Chrome DevTools' "Slow 3G": 400 ms round trip, 400 kbit/s each way; CPU 4× slower.
	slow := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		conds := []*network.Conditions{{Latency: 400, DownloadThroughput: 400 * 1024 / 8, UploadThroughput: 400 * 1024 / 8}}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: 4})
		return err
	})
	var toConsent, toWho, toQuestion time.Duration
	var t0 time.Time
	mark := func(d *time.Duration) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(context.Context, *chromedp.Target) error { *d = time.Since(t0); return nil })
	}
	steps := []chromedp.Action[chromedp.Void]{
		slow,
		chromedp.Func(func(context.Context, *chromedp.Target) error { t0 = time.Now(); return nil }),
		chromedp.Navigate(srv.URL() + "/r/DEMO42?lang=nl"),
		chromedp.WaitVisible(chromedp.CSS("#consent-yes")),
		mark(&toConsent),
		chromedp.Click(chromedp.CSS("#consent-yes"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#anon")),
		mark(&toWho),
		chromedp.Click(chromedp.CSS("#anon"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#answer")),
		mark(&toQuestion),
	}
	for _, st := range steps {
		if _, err := chromedp.Run(bctx, st); err != nil {
			return fmt.Errorf("chromium: %w", err)
		}
	}
	r.row("4 tablet", "first load, language page (gzip)", fmt.Sprintf("%.1f KB", float64(langBytes)/1024), "", "", "≤ 30 KB", verdict(langBytes <= 30*1024))
	r.row("4 tablet", "first load, question flow (gzip)", fmt.Sprintf("%.1f KB", float64(flowBytes)/1024), "", "", "≤ 30 KB", verdict(flowBytes <= 30*1024))
	r.row("4 tablet", "slow 3G + 4× CPU: until the consent screen is usable", toConsent.Round(10*time.Millisecond).String(), "", "", "report", "")
	r.row("4 tablet", "slow 3G + 4× CPU: until 'who are you' is usable", toWho.Round(10*time.Millisecond).String(), "", "", "report", "")
	r.row("4 tablet", "slow 3G + 4× CPU: until the first question is usable", toQuestion.Round(10*time.Millisecond).String(), "", "", "report", "")
	r.section("4. Tablet", fmt.Sprintf("Bytes on the wire (gzip) for the first load of a round: the language page /r/DEMO42 with its CSS and JS "+
		"is %d B; the question flow /r/DEMO42?lang=nl with its CSS and JS is %d B (the voice recorder loads only when used and is not counted). "+
		"In headless Chromium with Chrome's slow-3G profile (400 ms RTT, 400 kbit/s) and 4× CPU throttling, the consent screen was usable after %s, "+
		"the 'who are you' screen after %s and the first question after %s (taps on 'yes' and 'continue without name' included).",
		langBytes, flowBytes, toConsent.Round(10*time.Millisecond), toWho.Round(10*time.Millisecond), toQuestion.Round(10*time.Millisecond)))
	return nil
}
