package reportpdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"oogst/frontend"
	"oogst/harvest"
	"oogst/locale"
	"oogst/people"
)

func bundle(t *testing.T) *locale.Bundle {
	t.Helper()
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfText is how fpdf writes s with a UTF-8 font into an uncompressed page stream:
// UTF-16BE, then PDF string escaping.
func pdfText(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFFFF {
			panic("test strings stay in the BMP")
		}
		b = append(b, byte(r>>8), byte(r))
	}
	out := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`).Replace(string(b))
	return []byte(out)
}

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

func pages(pdf []byte) int { return len(pageObj.FindAll(pdf, -1)) }

func fixture() harvest.MeetingView {
	due := time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
	return harvest.MeetingView{
		Meeting:     harvest.Meeting{ID: 7, Title: "Stuurgroep november", HeldAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Participants: "Coördinator Gent, partner VDAB"},
		Partnership: people.Partnership{Name: "Gent"},
		Items: []harvest.AgendaItem{
			{Outcome: harvest.Outcome{ID: 41, RoundTitle: "Ronde 1", Sign: "positive", Language: "nl", ChangeText: "Ik durf nu te bellen naar de crèche.",
				SummaryNL: "Durft telefoneren.", Codes: []harvest.Code{{Category: harvest.Category{NameNL: "Zelfvertrouwen", NameFR: "Confiance en soi", NameEN: "Self-confidence"}}}}, Notes: "Goed voorbeeld voor de mentoren."},
			{Outcome: harvest.Outcome{ID: 42, RoundTitle: "Ronde 1", Sign: "negative", Language: "ar", ChangeText: "سلام"}},
		},
		OpenAdjustments: []harvest.Adjustment{{ID: 3, Description: "Extra taalcoaching", Owner: "Leen", Block: "training", Status: "open"}},
		Adjustments:     []harvest.Adjustment{{ID: 5, Description: "Oefenen aan de telefoon", Owner: "Ahmed", DueOn: &due, Status: "open", OutcomeIDs: []int64{41}}},
	}
}

func render(t *testing.T, mv harvest.MeetingView, lang string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Meeting(&buf, mv, bundle(t).Localizer(lang), lang, Uncompressed()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMeetingLabelsInReadersLanguage(t *testing.T) {
	cases := map[string][]string{
		"fr": {"Compte rendu : Stuurgroep november", "2026-11-20 · Gent", "Ajustements en cours", "Résultats discutés",
			"Résumé en néerlandais", "Confiance en soi", "Page 1 sur 1", "pour le 2026-12-15"},
		"nl": {"Verslag: Stuurgroep november", "Openstaande bijsturingen", "Besproken uitkomsten", "Zelfvertrouwen", "Pagina 1 van 1"},
		"en": {"Report: Stuurgroep november", "Open adjustments", "Self-confidence", "Page 1 of 1", "Owner: Ahmed", "#41"},
	}
	for lang, want := range cases {
		out := render(t, fixture(), lang)
		if !bytes.HasPrefix(out, []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF: %q", lang, out[:20])
		}
		if n := pages(out); n != 1 {
			t.Errorf("%s: %d pages, want 1", lang, n)
		}
		for _, s := range want {
			if !bytes.Contains(out, pdfText(s)) {
				t.Errorf("%s: %q missing", lang, s)
			}
		}
		// Free text is printed as written, in every language.
		for _, s := range []string{"Ik durf nu te bellen naar de crèche.", "Goed voorbeeld voor de mentoren.", "Coördinator Gent, partner VDAB"} {
			if !bytes.Contains(out, pdfText(s)) {
				t.Errorf("%s: story text %q missing", lang, s)
			}
		}
	}
	if fr := render(t, fixture(), "fr"); bytes.Contains(fr, pdfText("Openstaande bijsturingen")) {
		t.Error("French report carries a Dutch label")
	}
}

func TestMeetingArabicIsShapedAndRightToLeft(t *testing.T) {
	out := render(t, fixture(), "en")
	// سلام: seen initial, lam-alef final ligature, meem isolated; drawn right to left.
	if !bytes.Contains(out, pdfText("\uFEE1\uFEFC\uFEB3")) {
		t.Error("Arabic story not shaped and reordered")
	}
	if bytes.Contains(out, pdfText("سلام")) {
		t.Error("Arabic story printed unshaped")
	}
}

func TestShapeAndOrder(t *testing.T) {
	cases := []struct{ in, want string }{
		{"لا", "\uFEFB"},                                                   // lam-alef ligature
		{"سلام", "\uFEE1\uFEFC\uFEB3"},                                     // joining forms and the lam-alef ligature, reversed
		{"پدر", "\uFEAD\uFEAA\uFB58"},                                      // Persian peh initial, dal final, reh isolated
		{"کتاب 12", "12 \uFE8F\uFE8E\uFE98\uFB90"},                         // beh isolated: alef never joins onward; digits keep their order
		{"(الف)", "(\uFED2\uFEDF\uFE8D)"},                                  // brackets mirrored
		{"Hello world", "Hello world"},                                     // Latin untouched
		{"Ik zei سلام tegen haar", "Ik zei \uFEE1\uFEFC\uFEB3 tegen haar"}, // embedded RTL word
	}
	for _, c := range cases {
		got := visual(shapeArabic(c.in), rightToLeft(c.in))
		if got != c.want {
			t.Errorf("%q: got %U, want %U", c.in, []rune(got), []rune(c.want))
		}
	}
}

func TestMeetingSurvivesHostileText(t *testing.T) {
	mv := fixture()
	long := strings.Repeat("Een heel lang verhaal over de stage in de kinderopvang. ", 90) // ~5,000 characters
	mv.Items = append(mv.Items,
		harvest.AgendaItem{Outcome: harvest.Outcome{ID: 50, ChangeText: long}},
		harvest.AgendaItem{Outcome: harvest.Outcome{ID: 51, ChangeText: "<script>alert(1)</script> 😀👍🏽 \x00\x07\x1b[31m \u202Eevil \xff\xfe"}, Notes: strings.Repeat("x", 3000)},
		harvest.AgendaItem{Outcome: harvest.Outcome{ID: 52, Language: "fa", ChangeText: "من ۳ سال در مهدکودک کار کردم.\nحالا با اعتماد به نفس صحبت می‌کنم."}},
		harvest.AgendaItem{Outcome: harvest.Outcome{ID: 53}}, // every field empty
	)
	mv.Meeting.Title = ""
	start := time.Now()
	out := render(t, mv, "nl")
	if time.Since(start) > 3*time.Second {
		t.Errorf("rendering took %s", time.Since(start))
	}
	n := pages(out)
	if n < 3 {
		t.Errorf("%d pages for a 5,000-character story and a 3,000-character word, want at least 3", n)
	}
	if !bytes.Contains(out, pdfText("<script>alert(1)</script>")) {
		t.Error("HTML-like text not printed literally")
	}
	if !bytes.Contains(out, pdfText("\uFFFD\uFFFD")) {
		t.Error("emoji not replaced by U+FFFD")
	}
	last := fmt.Sprintf("Pagina %d van %d", n, n)
	if !bytes.Contains(out, pdfText(last)) {
		t.Errorf("footer %q missing", last)
	}
}

// FuzzText feeds arbitrary text through the steps every story takes; none may panic.
func FuzzText(f *testing.F) {
	for _, s := range []string{"سلام (world) [x] «y»", "Ik zei سلام", "لا‌لا ۱۲۳ 12.5%", "((((]]]]", "\u202Eabc", "a\nب\n\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for _, para := range strings.Split(clean(s), "\n") {
				visual(shapeArabic(para), rightToLeft(para))
			}
		}()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			t.Fatalf("hangs on %q", s)
		}
	})
}

// FuzzMeeting renders a whole report around arbitrary free text; it must not fail.
func FuzzMeeting(f *testing.F) {
	f.Add("سلام (world)", "<script>x</script>", "😀\x00")
	f.Fuzz(func(t *testing.T, change, notes, title string) {
		mv := fixture()
		mv.Meeting.Title = title
		mv.Items[0].ChangeText, mv.Items[0].Notes = change, notes
		mv.Adjustments[0].Description, mv.Adjustments[0].Owner = notes, title
		var buf bytes.Buffer
		if err := Meeting(&buf, mv, stubT{}, "nl"); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
	})
}

// stubT returns the message ID with its template data, so fuzz runs skip the bundle.
type stubT struct{}

func (stubT) T(id string, kv ...any) string { return fmt.Sprint(append([]any{id}, kv...)...) }
