package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"oogst/locale"
	"oogst/markers"
	"oogst/server/servertest"
)

var ladderSection = regexp.MustCompile(`(?s)<section id="ladder">.*?</section>`)

// ladderRows reads the ladder table: form label → cell texts, period by period.
func ladderRows(t *testing.T, body string) map[string][]string {
	t.Helper()
	sec := ladderSection.FindString(body)
	if sec == "" {
		t.Fatalf("no ladder section in %.300s", body)
	}
	out := map[string][]string{}
	for _, tr := range regexp.MustCompile(`(?s)<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>`).FindAllStringSubmatch(sec, -1) {
		var cells []string
		for _, td := range regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(tr[2], -1) {
			cells = append(cells, html.UnescapeString(strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(td[1], ""))))
		}
		out[html.UnescapeString(tr[1])] = cells
	}
	return out
}

// A coordinator gives a marker its form of collaboration when adding it and changes it
// when editing; the partner page, the marker page, the matrix, the overview and the API
// show it, and an unknown form is refused beside the field.
func TestMarkerFormOnPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		bp := partnerOfA(t, env, markers.PartnerInput{Name: "Opvang Regenboog"})
		per := periodOfA(t, env, "S1", "2025-01-01", "2025-06-30")
		c := env.As(t, "coordinator@a")
		partnerPath := fmt.Sprintf("/markers/partners/%d", bp.ID)
		r := c.PostForm(t, partnerPath+"/markers", url.Values{"level": {"expect"}, "collaboration_form": {"information"}, "text_nl": {"Deelt cijfers in het overleg"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add marker: %d %.300s", r.Status, r.Body)
		}
		ms, _ := markers.Markers(ctx, env.DB, sc, bp.ID, false)
		if len(ms) != 1 || ms[0].Form != markers.FormInformation {
			t.Fatalf("stored markers %+v", ms)
		}
		m := ms[0]
		badge := `<span class="badge form-badge form-information">Uitwisselen van informatie</span>`
		for _, p := range []string{partnerPath, fmt.Sprintf("/markers/markers/%d", m.ID), partnerPath + "/matrix", fmt.Sprintf("/markers/overview?partnership=%d", env.Fix.A.ID),
			fmt.Sprintf("%s/journals/%d", partnerPath, per.ID)} {
			if b := c.Get(t, p).Body; !strings.Contains(b, badge) {
				t.Errorf("%s does not show the form badge", p)
			}
		}
		if b := c.Get(t, fmt.Sprintf("/markers/markers/%d", m.ID)).Body; !strings.Contains(b, `<option value="information" selected>`) {
			t.Error("edit form does not select the stored form")
		}
		// Edit: aligning; then an unknown form is a field error and changes nothing.
		r = c.PostForm(t, fmt.Sprintf("/markers/markers/%d", m.ID), url.Values{"level": {"expect"}, "collaboration_form": {"aligning"}, "text_nl": {"Deelt cijfers in het overleg"}, "version": {fmt.Sprint(m.Version)}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("edit marker: %d %.300s", r.Status, r.Body)
		}
		r = c.PostForm(t, fmt.Sprintf("/markers/markers/%d", m.ID), url.Values{"level": {"expect"}, "collaboration_form": {"netwerken"}, "text_nl": {"Deelt cijfers in het overleg"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Kies een van de vier vormen van samenwerking, of geen.") {
			t.Errorf("unknown form: %d", r.Status)
		}
		got, _, _ := markers.GetMarker(ctx, env.DB, sc, m.ID)
		if got.Form != markers.FormAligning {
			t.Errorf("form after edits = %q, want aligning", got.Form)
		}
		// The matrix export has it in its own column.
		csv := c.Get(t, fmt.Sprintf("/markers/export?partnership=%d&what=matrix&format=csv", env.Fix.A.ID)).Body
		if !strings.Contains(csv, "Vorm van samenwerking") || !strings.Contains(csv, "Deelt cijfers in het overleg;in gebruik;Niets genoteerd;Praktijken en werkwijzen afstemmen") {
			t.Errorf("matrix csv:\n%s", csv)
		}
		// The API carries it.
		r = c.Get(t, fmt.Sprintf("/api/v1/boundary-partners/%d", bp.ID))
		var api struct {
			Markers []struct {
				ID   int64  `json:"id"`
				Form string `json:"collaboration_form"`
			} `json:"markers"`
		}
		if err := json.Unmarshal([]byte(r.Body), &api); err != nil || len(api.Markers) != 1 || api.Markers[0].Form != "aligning" {
			t.Errorf("API: %v %.300s", err, r.Body)
		}
		// Another partnership's coordinator cannot set it.
		r = env.As(t, "coordinator@b").PostForm(t, fmt.Sprintf("/markers/markers/%d", m.ID), url.Values{"level": {"expect"}, "collaboration_form": {"referring"}, "text_nl": {"x"}})
		if r.Status != http.StatusNotFound {
			t.Errorf("coordinator@b edit: %d", r.Status)
		}
	})
}

// The boundary partner's page shows the ladder computed from the recorded journals.
func TestLadderOnPartnerPage(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		bp := partnerOfA(t, env, markers.PartnerInput{Name: "VDAB Mechelen"})
		add := func(l markers.Level, f markers.Form, text string) markers.Marker {
			m, err := markers.AddMarker(ctx, env.DB, sc, bp.ID, markers.MarkerInput{Level: l, Form: f, Text: locale.Text{"nl": text}})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		ref := add(markers.Expect, markers.FormReferring, "Verwijst door")
		refL := add(markers.Like, markers.FormReferring, "Bespreekt vooraf")
		inf := add(markers.Expect, markers.FormInformation, "Komt naar het overleg")
		add(markers.Love, markers.FormNone, "Zonder vorm")
		var ps []markers.Period
		for _, p := range [][3]string{{"S1 2025", "2025-01-01", "2025-06-30"}, {"S2 2025", "2025-07-01", "2025-12-31"}} {
			per := periodOfA(t, env, p[0], p[1], p[2])
			ps = append(ps, per)
		}
		save := func(pid int64, rs map[int64]markers.Rating) {
			in := markers.JournalInput{Entries: map[int64]markers.EntryInput{}}
			for id, r := range rs {
				in.Entries[id] = markers.EntryInput{Rating: string(r)}
			}
			if err := markers.SaveJournal(ctx, env.DB, sc, bp.ID, pid, in); err != nil {
				t.Fatal(err)
			}
		}
		save(ps[0].ID, map[int64]markers.Rating{ref.ID: markers.Medium, refL.ID: markers.Low, inf.ID: markers.Low})
		save(ps[1].ID, map[int64]markers.Rating{ref.ID: markers.High, refL.ID: markers.High, inf.ID: markers.Medium})

		body := env.As(t, "partner@a").Get(t, fmt.Sprintf("/markers/partners/%d", bp.ID)).Body
		rows := ladderRows(t, body)
		want := map[string][]string{
			"Interprofessioneel samenwerken":         {"Geen markers", "Geen markers"},
			"Praktijken en werkwijzen afstemmen":     {"Geen markers", "Geen markers"},
			"Uitwisselen van informatie":             {"Nog niet: 1 van 1 marker genoteerd", "Bereikt: 1 van 1 marker (tot Verwachten we te zien)"},
			"Toeleiden naar het geïntegreerd aanbod": {"Bereikt: 1 van 2 markers (tot Verwachten we te zien)", "Bereikt: 2 van 2 markers (tot Zouden we graag zien)"},
		}
		for form, cells := range want {
			if fmt.Sprint(rows[form]) != fmt.Sprint(cells) {
				t.Errorf("ladder row %q = %q, want %q", form, rows[form], cells)
			}
		}
		sec := ladderSection.FindString(body)
		if !regexp.MustCompile(`Hoogste vorm bereikt</th><td>Toeleiden naar het geïntegreerd aanbod</td><td>Uitwisselen van informatie</td>`).MatchString(sec) {
			t.Errorf("highest row wrong in %s", sec)
		}
		if !strings.Contains(sec, "1 marker zegt niet welke vorm van samenwerking hij toont") {
			t.Error("the marker without a form is not mentioned")
		}
		// The interprofessional row comes first: the ladder's top.
		if i, j := strings.Index(sec, "Interprofessioneel samenwerken"), strings.Index(sec, "Toeleiden naar"); i < 0 || j < 0 || i > j {
			t.Error("the most intense form is not on top")
		}
	})
}

// The steering report, as a page and as a PDF, ends with the marker overview of the
// period the meeting looks back on (the last one ended): its ratings, not the running
// period's.
func TestMeetingReportMarkerOverview(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		mid, _, _, _ := harvestMeeting(t, env, "a") // held now
		bp := partnerOfA(t, env, markers.PartnerInput{Name: "Kinderopvang Klimop"})
		m, err := markers.AddMarker(ctx, env.DB, sc, bp.ID, markers.MarkerInput{Level: markers.Like, Form: markers.FormAligning, Text: locale.Text{"nl": "Stemt stages af op de lessen"}})
		if err != nil {
			t.Fatal(err)
		}
		day := func(days int) string { return time.Now().AddDate(0, 0, days).Format("2006-01-02") }
		ratings := map[string]markers.Rating{"Afgelopen periode": markers.High, "Lopende periode": markers.Low}
		for _, p := range [][3]string{{"Afgelopen periode", day(-120), day(-31)}, {"Lopende periode", day(-30), day(30)}, {"Volgende periode", day(31), day(120)}} {
			per := periodOfA(t, env, p[0], p[1], p[2])
			if r, ok := ratings[p[0]]; ok {
				if err := markers.SaveJournal(ctx, env.DB, sc, bp.ID, per.ID, markers.JournalInput{Entries: map[int64]markers.EntryInput{m.ID: {Rating: string(r)}}}); err != nil {
					t.Fatal(err)
				}
			}
		}
		c := env.As(t, "partner@a")
		sec := regexp.MustCompile(`(?s)<section class="report-markers" id="marker-overview">.*?</section>`).FindString(c.Get(t, fmt.Sprintf("/meetings/%d/report", mid)).Body)
		row := regexp.MustCompile(`(?s)<tr><th scope="row">Stemt stages af op de lessen</th><td>Zouden we graag zien</td><td>Praktijken en werkwijzen afstemmen</td><td class="cell rating-high">.*?Sterk</td></tr>`)
		if !strings.Contains(sec, "<h2>Voortgangsmarkers: Afgelopen periode</h2>") || !strings.Contains(sec, "<caption>Kinderopvang Klimop</caption>") || !row.MatchString(sec) ||
			!strings.Contains(sec, "1 van 1 ingevulde (100%)") || strings.Contains(sec, "Een beetje") {
			t.Errorf("report's marker overview:\n%s", sec)
		}
		plain := pdfPlain(t, c.Get(t, fmt.Sprintf("/meetings/%d/report.pdf", mid)).Body)
		for _, s := range []string{"Voortgangsmarkers: Afgelopen periode", "Kinderopvang Klimop", "Stemt stages af op de lessen", "Zouden we graag zien · Praktijken en werkwijzen afstemmen · Sterk", "1 van 1 ingevulde (100%)"} {
			if !bytes.Contains(plain, pdfUTF16(s)) {
				t.Errorf("PDF lacks %q", s)
			}
		}
		if bytes.Contains(plain, pdfUTF16("Lopende periode")) || bytes.Contains(plain, pdfUTF16("Een beetje")) {
			t.Error("PDF shows the running period")
		}
	})
}
