package server_test

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdpcss "github.com/chromedp/cdproto/css"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"oogst/people"
)

// One headless Chromium serves every browser test of this test binary: starting one
// costs about a second of both cores, and there are dozens of browser tests. Each test
// gets its own browser context (like a private window: own cookies, IndexedDB, service
// workers and cache) and its own window, so tests stay as isolated as with a browser
// of their own.

var browser struct {
	once   sync.Once
	ctx    context.Context // the first tab; its Browser is shared
	cancel func()
	dir    string // the profile directory, removed at the end
	err    error
}

// TestMain gives the password gate room for tests side by side, then stops the shared
// browser and removes its profile and the demo snapshot after the tests.
func TestMain(m *testing.M) {
	testHashGate()
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	if browser.dir != "" {
		_ = os.RemoveAll(browser.dir)
	}
	demoSnapshot.Remove()
	os.Exit(code)
}

// chromiumPath finds the browser or skips the test. The headless shell comes first: it is
// the same Chromium without a window to draw, and the browser tests took half the time
// in it; a full Chromium serves where it is missing.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("OOGST_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found and OOGST_TEST_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium found (set OOGST_TEST_REQUIRE_BROWSER=1 to make this a failure)")
	return ""
}

// startBrowser starts the shared headless Chromium with a fake microphone,
// tablet-sized windows.
func startBrowser(path string) {
	browser.dir, browser.err = os.MkdirTemp("", "oogst-chromium-")
	if browser.err != nil {
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(browser.dir),
		chromedp.WindowSize(800, 1100),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Tests run side by side, each in its own window, and only one window has the
		// focus: without these, Chromium treats the others as in the background and
		// slows their timers and rendering, so their waits take longer than the work.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-hang-monitor", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		// What Chromium runs for a person at a screen and a test never looks at: field
		// trials, phishing checks, translation, media routing, the omnibox's web UI, and
		// so on. Off, the same browser tests took about a quarter less Chromium CPU (the
		// suite is CPU-bound on two cores, and Chromium is most of it).
		chromedp.Flag("disable-field-trial-config", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-component-extensions-with-background-pages", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "AcceptCHFrame,MediaRouter,OptimizationHints,Translate,WebUIOmniboxPopup,OmniboxFullPopupWebUIContent,"+
			"OmniboxPopupWebUIContent,PrewarmWebUIContents,InterestFeedContentSuggestions,CalculateNativeWinOcclusion,AutofillServerCommunication"),
		chromedp.Flag("disable-ipc-flooding-protection", true),
		chromedp.Flag("disable-search-engine-choice-screen", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("disable-renderer-accessibility", true),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	browser.ctx, browser.cancel = ctx, func() { cancelC(); cancelA() }
	browser.err = chromedp.Do(ctx) // start the browser without a deadline
}

// newBrowser gives the test a fresh tab in a browser context of its own, closed (with
// all it stored) at cleanup.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	// scripts/test.sh runs the tests named …Browser… or …Tablet… in the lane made for
	// Chromium; a browser test named otherwise would start a second Chromium in the
	// other lane.
	if name := strings.SplitN(t.Name(), "/", 2)[0]; !strings.Contains(name, "Browser") && !strings.Contains(name, "Tablet") {
		t.Fatalf("%s uses the browser: name it …InBrowser (scripts/test.sh runs browser tests by name)", name)
	}
	path := chromiumPath(t)
	browser.once.Do(func() { startBrowser(path) })
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The headless shell refuses the clipboard unless it is granted (a person's browser
	// allows a copy on her click); the copy buttons' tests need it.
	prepare := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: "clipboard-write", AllowWithoutSanitization: true},
			Setting:    cdpbrowser.PermissionSettingGranted, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
		if err != nil {
			return err
		}
		// chromedp turns on the CSS, Network and Log domains of every tab; the tests
		// read neither style sheets nor requests nor console messages through them
		// (setOffline turns Network back on), and off, Chromium sends no event per
		// style sheet, request and log line: the browser tests took 65-67 s instead
		// of 66-77 s, interleaved.
		for _, off := range []cdp.Command[cdp.Empty, cdp.Empty]{cdpcss.Disable, network.Disable, cdplog.Disable} {
			if _, err := chromedp.Call(ctx, off, cdp.Empty{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err := chromedp.Do(ctx, prepare); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return ctx
}

// testHashGate lets a login wait up to a minute for a hash slot: the tests log in side
// by side while some hash production-cost passwords on purpose, and on a busy machine
// a fixture login would otherwise get the 503 meant for a storm on a live server.
// TestPasswordHashingIsBounded pins its own figures and puts these back.
func testHashGate() { people.SetHashConcurrency(runtime.NumCPU(), 64, time.Minute) }
