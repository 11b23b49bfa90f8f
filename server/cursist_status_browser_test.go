package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// A mentor changes the status of a cursist of her group in the browser: from the
// cursist list to the status page, a refused form that keeps what she chose, then the
// list with the new status. The pages fit a tablet.
func TestCursistStatusInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t)
	env := servertest.New(t, dbtest.SQLite(t))
	pid, kaaa := env.Fix.A.ID, env.Fix.Cursists["KAAA"]
	browserLogin(t, bctx, env, "mentor@a")
	list := fmt.Sprintf("/people/%d/cursists", pid)
	step(t, bctx, "open the list", chromedp.Navigate(env.URL+list), chromedp.WaitVisible(css("main h1")))
	if txt := js[string](t, bctx, `document.querySelector("main table").innerText`); !strings.Contains(txt, "In opleiding") || strings.Contains(txt, "KACA") {
		t.Errorf("mentor's list: %q", txt)
	}
	step(t, bctx, "follow the status link",
		chromedp.Click(css(fmt.Sprintf(`a[href="%s/%d/status"]`, list, kaaa.ID))),
		chromedp.WaitVisible(css("#status")))
	shots(t, bctx, "cursist-status")
	step(t, bctx, "stopped without a reason",
		chromedp.SetValue(css("#status"), "stopped"),
		chromedp.SetValue(css("#effective_on"), "2026-02-03"),
		chromedp.Click(css("form.card button[type=submit]")),
		chromedp.WaitVisible(css(".field-error")))
	if got := js[string](t, bctx, `document.querySelector(".field-error").innerText`); got != "Kies waarom ze stopte." {
		t.Errorf("field error = %q", got)
	}
	if v := js[string](t, bctx, `document.getElementById("status").value + " " + document.getElementById("effective_on").value`); v != "stopped 2026-02-03" {
		t.Errorf("the refused form kept %q", v)
	}
	shots(t, bctx, "cursist-status-refused")
	step(t, bctx, "with a reason",
		chromedp.SetValue(css("#reason"), "health"),
		chromedp.Click(css("form.card button[type=submit]")),
		chromedp.WaitVisible(css("main table")))
	if txt := js[string](t, bctx, `document.querySelector("main").innerText`); !strings.Contains(txt, "Gestopt: gezondheid") || !strings.Contains(txt, "KAAA: Gestopt: gezondheid. Bewaard.") {
		t.Errorf("list after the change: %q", txt)
	}
	shots(t, bctx, "cursist-list-status")
	if !js[bool](t, bctx, `document.documentElement.scrollWidth <= window.innerWidth`) {
		t.Errorf("the list is wider than the window")
	}

	// The dashboard's split: KAAA's two outcomes now count as stopped.
	for i, cid := range []int64{kaaa.ID, kaaa.ID, env.Fix.Cursists["KABA"].ID, 0} {
		in := harvest.ReflectionInput{ResponseID: int64(700 + i), PartnershipID: pid, RoundID: 1, RoundTitle: "Ronde 1", GroupName: "Groep A",
			Language: "nl", Change: "verhaal", Sign: "positive", SubmittedAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		if cid != 0 {
			in.CursistID = &cid
		}
		if _, err := harvest.CreateFromReflection(context.Background(), env.DB, in); err != nil {
			t.Fatal(err)
		}
	}
	step(t, bctx, "open the dashboard", chromedp.Navigate(fmt.Sprintf("%s/partnerships/%d/dashboard", env.URL, pid)), chromedp.WaitVisible(css("#by-cursist-status")))
	rows := js[string](t, bctx, `[...document.querySelectorAll("#by-cursist-status tr")].map(r => [...r.cells].map(c => c.innerText).join("|")).join("\n")`)
	if want := "Status|Cursisten|Uitkomsten\nIn opleiding|2|1\nGestopt: gezondheid|1|2\nGeen cursist gekend|–|1\nTotaal|3|4"; rows != want {
		t.Errorf("dashboard split:\n%s\nwant\n%s", rows, want)
	}
	shots(t, bctx, "dashboard-cursist-status", "#by-cursist-status")
}
