package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestTabletJoin: a sloppily typed code leads to its round; an unknown one goes back to
// the home page with a translated error and the typed code kept.
func TestTabletJoin(t *testing.T) {
	t.Parallel()
	site := newTabletSite(t)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(site.URL + "/join?code=%20demo-42%20")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/r/DEMO42" {
		t.Errorf("join demo-42: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	req, _ := http.NewRequest(http.MethodGet, site.URL+"/join?code=nope99", nil)
	req.Header.Set("Accept-Language", "fr")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown code: status %d", resp.StatusCode)
	}
	for _, want := range []string{"Nous ne connaissons pas ce code", `value="nope99"`, `aria-invalid="true"`} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("unknown code page misses %q", want)
		}
	}
	// The round page renders the chosen language and its direction.
	resp, err = c.Get(site.URL + "/r/DEMO42?lang=fa")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(body, []byte(`<html lang="fa" dir="rtl">`)) {
		t.Errorf("fa page is not rtl: %.200s", body)
	}
	resp, _ = c.Get(site.URL + "/r/demo42")
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/r/DEMO42" {
		t.Errorf("lower-case code: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestTabletPageWeight: the first load of a round (the language step and the flow
// page, with their CSS and JS, gzip-compressed as served) stays under 30 KB. The
// voice recorder is not part of it: it loads only when used.
func TestTabletPageWeight(t *testing.T) {
	t.Parallel()
	site := newTabletSite(t)
	total := 0
	fetch := func(path string) []byte {
		req, _ := http.NewRequest(http.MethodGet, site.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		total += len(raw)
		t.Logf("%-60s %6d bytes on the wire (%s)", path, len(raw), resp.Header.Get("Content-Encoding"))
		if resp.Header.Get("Content-Encoding") != "gzip" {
			return raw
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		return plain
	}
	seen := map[string]bool{}
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+\.(?:css|js)[^"]*)"`)
	for _, page := range []string{"/r/DEMO42", "/r/DEMO42?lang=nl"} {
		html := fetch(page)
		for _, m := range assets.FindAllSubmatch(html, -1) {
			u := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			if seen[u] {
				continue
			}
			seen[u] = true
			if strings.Contains(u, "tablet-voice") {
				t.Errorf("the voice recorder %s is part of the first load", u)
			}
			fetch(u)
		}
	}
	if len(seen) < 2 {
		t.Fatalf("found only %d assets", len(seen))
	}
	t.Logf("first load of /r/DEMO42 (HTML of both steps + CSS + JS, compressed): %d bytes = %.1f KB", total, float64(total)/1024)
	if total >= 30*1024 {
		t.Errorf("first load is %d bytes, want < 30 KB", total)
	}
}

// TestTabletPageCarriesTheRound: the question flow's page holds the round in its
// language (questions, consent, a start token), so the tablet starts without a second
// round trip; the language step and a closed round's page do not.
func TestTabletPageCarriesTheRound(t *testing.T) {
	t.Parallel()
	site := newTabletSite(t)
	island := func(path string) map[string]any {
		t.Helper()
		resp, err := http.Get(site.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := regexp.MustCompile(`(?s)<script type="application/json" id="tablet-data">(.*?)</script>`).FindSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no tablet data in the page", path)
		}
		var d map[string]any
		if err := json.Unmarshal(m[1], &d); err != nil {
			t.Fatalf("%s: tablet data: %v", path, err)
		}
		return d
	}
	d := island("/r/DEMO42?lang=ar")
	r, ok := d["round"].(map[string]any)
	if !ok {
		t.Fatalf("the Arabic page carries no round: %v", d["round"])
	}
	form, _ := r["form"].(map[string]any)
	qs, _ := form["questions"].([]any)
	if r["code"] != "DEMO42" || r["language"] != "ar" || r["started"] == "" || r["started"] == nil || len(qs) == 0 || r["consent"] == nil {
		t.Errorf("carried round: code %v language %v started %v questions %d consent %v", r["code"], r["language"], r["started"], len(qs), r["consent"] != nil)
	}
	if q0, _ := qs[0].(map[string]any); !strings.ContainsAny(fmt.Sprint(q0["text"]), "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
		t.Errorf("first question not in Arabic: %v", q0["text"])
	}
	if _, ok := island("/r/DEMO42")["round"]; ok {
		t.Error("the language step carries a round it does not need")
	}
	site.closeRound(t)
	if _, ok := island("/r/DEMO42?lang=nl")["round"]; ok {
		t.Error("a closed round's page carries the round")
	}
}
