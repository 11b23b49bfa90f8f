package server_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"oogst/harvest"
	"oogst/people"
	"oogst/server/servertest"
)

var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfPlain inflates every compressed stream of a PDF, so its text can be searched.
func pdfPlain(t *testing.T, pdf string) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, m := range pdfStream.FindAllStringSubmatch(pdf, -1) {
		r, err := zlib.NewReader(strings.NewReader(m[1]))
		if err != nil {
			continue // not a deflated stream (font data can be stored raw)
		}
		b, _ := io.ReadAll(r)
		out.Write(b)
	}
	return out.Bytes()
}

// pdfUTF16 is s as fpdf writes it with a UTF-8 font: UTF-16BE, then PDF string escaping.
func pdfUTF16(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return []byte(strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`).Replace(string(b)))
}

func TestHarvestMeetingReportPDF(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		mid, _, _, secret := harvestMeeting(t, env, "a")
		// A hostile agenda item (PostgreSQL refuses NUL, so no \x00): HTML, emoji, control characters, Arabic and a long story.
		story := "<script>alert(1)</script> 😀 \x07\x1b سلام " + strings.Repeat("lang verhaal ", 400)
		oid := reflectOutcome(t, env, env.Fix.A.ID, 77, "Groep A", "ar", story, "positive")
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		if err := env.DB.Q(ctx).Create(&harvest.MeetingOutcome{MeetingID: mid, OutcomeID: oid, Position: 2}).Error; err != nil {
			t.Fatal(err)
		}
		if err := harvest.SaveNote(ctx, env.DB, sc, mid, oid, "Bespreken met de mentoren"); err != nil {
			t.Fatal(err)
		}

		coord := env.As(t, "coordinator@a")
		path := "/meetings/" + itoa(mid) + "/report.pdf"
		r := coord.Get(t, path)
		if r.Status != 200 || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Body, "%PDF-") {
			t.Fatalf("pdf: %d %q %.40q", r.Status, r.Header.Get("Content-Type"), r.Body)
		}
		var m harvest.Meeting
		env.DB.Q(ctx).Take(&m, mid)
		wantName := `attachment; filename="meeting-` + itoa(mid) + "-" + m.HeldAt.Format("2006-01-02") + `.pdf"`
		if got := r.Header.Get("Content-Disposition"); got != wantName {
			t.Errorf("Content-Disposition = %q, want %q", got, wantName)
		}
		plain := pdfPlain(t, r.Body)
		for _, s := range []string{"Verslag: " + secret, "Besproken uitkomsten", "Bespreken met de mentoren", "<script>alert(1)</script>", "\uFEE1\uFEFC\uFEB3", "Pagina 1 van "} {
			if !bytes.Contains(plain, pdfUTF16(s)) {
				t.Errorf("Dutch PDF lacks %q", s)
			}
		}

		// The reader's language, not the meeting's: French labels after choosing French.
		coord.PostForm(t, "/lang", url.Values{"lang": {"fr"}, "next": {"/"}})
		plain = pdfPlain(t, coord.Get(t, path).Body)
		if !bytes.Contains(plain, pdfUTF16("Compte rendu : "+secret)) || !bytes.Contains(plain, pdfUTF16("Résultats discutés")) || bytes.Contains(plain, pdfUTF16("Besproken uitkomsten")) {
			t.Error("French PDF lacks French labels or has Dutch ones")
		}

		// Exports are audited.
		var audits []people.AuditEntry
		env.DB.Q(ctx).Where("action = 'export' AND detail LIKE ?", "meeting-report.pdf%").Find(&audits)
		if len(audits) != 2 || audits[0].PartnershipID == nil || *audits[0].PartnershipID != env.Fix.A.ID || audits[0].Detail != "meeting-report.pdf?id="+itoa(mid) {
			t.Errorf("audit: %+v", audits)
		}

		// Another partnership's partner: 404, nothing logged.
		if r := env.As(t, "partner@b").Get(t, path); r.Status != 404 || strings.HasPrefix(r.Body, "%PDF") {
			t.Errorf("partner@b: %d", r.Status)
		}
		var n int64
		env.DB.Q(ctx).Model(&people.AuditEntry{}).Where("action = 'export' AND detail LIKE ?", "meeting-report.pdf%").Count(&n)
		if n != 2 {
			t.Errorf("audit entries = %d after a refused download, want 2", n)
		}
		// Both pages link to the download.
		for _, p := range []string{"/meetings/" + itoa(mid), "/meetings/" + itoa(mid) + "/report"} {
			if b := coord.Get(t, p).Body; !strings.Contains(b, `href="`+path+`"`) {
				t.Errorf("%s has no PDF link", p)
			}
		}
	})
}
