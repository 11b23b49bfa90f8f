package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
	"oogst/server/servertest"
)

var locationID = regexp.MustCompile(`/markers/partners/(\d+)$`)

// partnerOfA adds a boundary partner to partnership A as its coordinator, which must
// succeed (PartnershipID is set here).
func partnerOfA(t *testing.T, env *servertest.Env, in markers.PartnerInput) markers.BoundaryPartner {
	t.Helper()
	in.PartnershipID = env.Fix.A.ID
	bp, err := markers.CreatePartner(context.Background(), env.DB, env.Scope(t, "coordinator@a"), in)
	if err != nil {
		t.Fatal(err)
	}
	return bp
}

// periodOfA adds a period to partnership A as its coordinator, which must succeed.
func periodOfA(t *testing.T, env *servertest.Env, label, startsOn, endsOn string) markers.Period {
	t.Helper()
	per, err := markers.CreatePeriod(context.Background(), env.DB, env.Scope(t, "coordinator@a"), markers.PeriodInput{PartnershipID: env.Fix.A.ID, Label: label, StartsOn: startsOn, EndsOn: endsOn})
	if err != nil {
		t.Fatal(err)
	}
	return per
}

func TestMarkersPagesFlow(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		c := env.As(t, "coordinator@a")
		a := env.Fix.A.ID

		// The new-partner form offers the example markers in the page's language.
		r := c.Get(t, fmt.Sprintf("/markers/partners/new?partnership=%d", a))
		if r.Status != 200 || !strings.Contains(r.Body, "Toeleiden naar het geïntegreerd aanbod") || !strings.Contains(r.Body, `value="referring.love"`) {
			t.Fatalf("new partner form: %d", r.Status)
		}
		// A missing name keeps the typed challenge and the ticked examples.
		r = c.PostForm(t, "/markers/partners", url.Values{"partnership_id": {fmt.Sprint(a)}, "name": {" "}, "outcome_challenge": {"Neemt cursisten aan"}, "example": {"referring.like"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vul een naam in.") || !strings.Contains(r.Body, "Neemt cursisten aan") ||
			!regexp.MustCompile(`value="referring.like" checked`).MatchString(r.Body) {
			t.Fatalf("invalid partner: %d %.300s", r.Status, r.Body)
		}
		r = c.PostForm(t, "/markers/partners", url.Values{"partnership_id": {fmt.Sprint(a)}, "name": {"Kinderopvang Zon"}, "outcome_challenge": {"Neemt cursisten aan"},
			"example": {"referring.expect", "aligning.like", "interprofessional.love"}})
		m := locationID.FindStringSubmatch(r.Header.Get("Location"))
		if r.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("create partner: %d %s", r.Status, r.Header.Get("Location"))
		}
		var bpID int64
		fmt.Sscan(m[1], &bpID)
		sc := env.Scope(t, "coordinator@a")
		ms, err := markers.Markers(ctx, env.DB, sc, bpID, false)
		if err != nil || len(ms) != 3 || ms[0].Level != markers.Expect || ms[1].Level != markers.Like || ms[2].Level != markers.Love || ms[2].TextFR == "" {
			t.Fatalf("example markers: %v %+v", err, ms)
		}
		r = c.Get(t, fmt.Sprintf("/markers/partners/%d", bpID))
		for _, want := range []string{"Kinderopvang Zon", "Verwachten we te zien", "Zouden we heel graag zien", "Verwijst werkzoekenden"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("partner page lacks %q", want)
			}
		}
		// Periods: one ok, one overlapping (422 with the typed values kept).
		r = c.PostForm(t, "/markers/periods", url.Values{"partnership_id": {fmt.Sprint(a)}, "label": {"S1 2025"}, "starts_on": {"2025-01-01"}, "ends_on": {"2025-06-30"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create period: %d %.300s", r.Status, r.Body)
		}
		r = c.PostForm(t, "/markers/periods", url.Values{"partnership_id": {fmt.Sprint(a)}, "label": {"Overlapt"}, "starts_on": {"2025-06-01"}, "ends_on": {"2025-12-31"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "overlapt met S1 2025") || !strings.Contains(r.Body, `value="Overlapt"`) || !strings.Contains(r.Body, `value="2025-06-01"`) {
			t.Fatalf("overlapping period: %d %.400s", r.Status, r.Body)
		}
		ps, _ := markers.Periods(ctx, env.DB, sc, a)
		if len(ps) != 1 {
			t.Fatalf("periods = %d", len(ps))
		}
		jpath := fmt.Sprintf("/markers/partners/%d/journals/%d", bpID, ps[0].ID)
		// A description without a rating is refused; what was typed stays.
		form := url.Values{fmt.Sprintf("rating_%d", ms[0].ID): {""}, fmt.Sprintf("description_%d", ms[0].ID): {"Ze verwezen 4 mensen door"},
			fmt.Sprintf("rating_%d", ms[1].ID): {"high"}, "lessons": {"Vroeg afspreken helpt"}}
		r = c.PostForm(t, jpath, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Ze verwezen 4 mensen door") || !strings.Contains(r.Body, "Vroeg afspreken helpt") ||
			!strings.Contains(r.Body, "Kies hoe sterk je dit zag") || !strings.Contains(r.Body, `<option value="high" selected>`) {
			t.Fatalf("invalid journal: %d %.500s", r.Status, r.Body)
		}
		form.Set(fmt.Sprintf("rating_%d", ms[0].ID), "medium")
		form.Set(fmt.Sprintf("evidence_%d", ms[0].ID), "=HYPERLINK(\"x\")")
		// The partner (not only the coordinator) may fill in the journal.
		p := env.As(t, "partner@a")
		form.Del("_csrf") // PostForm filled in the coordinator's token
		if r = p.PostForm(t, jpath, form); r.Status != http.StatusSeeOther {
			t.Fatalf("partner saves journal: %d %.300s", r.Status, r.Body)
		}
		r = c.Get(t, fmt.Sprintf("/markers/partners/%d/matrix", bpID))
		for _, want := range []string{`class="cell rating-medium"`, "Duidelijk", `class="cell rating-high"`, "Sterk", "1 van 1 ingevulde (100%)", "Niets genoteerd", "2 van 2 ingevulde (100%)", "2 van 3 markers ingevuld"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("matrix lacks %q", want)
			}
		}
		// Marker edit keeps history; partner cannot edit (403).
		mpath := fmt.Sprintf("/markers/markers/%d", ms[0].ID)
		if r = p.PostForm(t, mpath, url.Values{"level": {"expect"}, "text_nl": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("partner edits marker: %d", r.Status)
		}
		if r = c.PostForm(t, mpath, url.Values{"level": {"expect"}, "text_nl": {"Verwijst elke maand door"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit marker: %d", r.Status)
		}
		r = c.Get(t, mpath)
		if !strings.Contains(r.Body, "Verwijst elke maand door") || !strings.Contains(r.Body, "Verwijst werkzoekenden die interesse tonen") || !strings.Contains(r.Body, "Ze verwezen 4 mensen door") {
			t.Errorf("marker page lacks history or timeline")
		}
		own, err := harvest.RecordOther(ctx, env.DB, sc, env.Fix.Users["coordinator@a"].ID, harvest.OtherInput{PartnershipID: a, Source: "observation",
			SourceDetail: "mentor", Change: "Zij belt zelf naar de VDAB", Sign: "positive", OccurredAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		other, err := harvest.RecordOther(ctx, env.DB, env.Scope(t, "coordinator@b"), env.Fix.Users["coordinator@b"].ID, harvest.OtherInput{PartnershipID: env.Fix.B.ID,
			Source: "observation", SourceDetail: "mentor", Change: "Iets in B", Sign: "positive", OccurredAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		// The picker offers the partnership's outcomes by text, not B's.
		if r = c.Get(t, mpath); !strings.Contains(r.Body, fmt.Sprintf(`<option value="%d">#%d – Zij belt zelf naar de VDAB</option>`, own.ID, own.ID)) || strings.Contains(r.Body, "Iets in B") {
			t.Errorf("outcome picker:\n%s", r.Body)
		}
		// Another partnership's outcome is refused with a message (422), not stored.
		if r = c.PostForm(t, mpath+"/outcomes", url.Values{"outcome_id": {fmt.Sprint(other.ID)}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, fmt.Sprintf("Uitkomst %d bestaat niet in dit samenwerkingsverband", other.ID)) {
			t.Errorf("link B's outcome: %d", r.Status)
		}
		if r = c.PostForm(t, mpath+"/outcomes", url.Values{"outcome_id": {fmt.Sprint(own.ID)}}); r.Status != http.StatusSeeOther {
			t.Errorf("link outcome: %d", r.Status)
		}
		if r = c.Get(t, mpath); !strings.Contains(r.Body, fmt.Sprintf(`href="/outcomes/%d"`, own.ID)) || strings.Contains(r.Body, fmt.Sprintf(`href="/outcomes/%d"`, other.ID)) {
			t.Error("marker page lacks the outcome link")
		}
		if r = c.PostForm(t, mpath+"/retire", url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("retire: %d", r.Status)
		}
		// Retired, the marker still shows in the old period's journal with its note.
		if r = c.Get(t, jpath); !strings.Contains(r.Body, "niet meer in gebruik") || !strings.Contains(r.Body, "Ze verwezen 4 mensen door") {
			t.Error("journal lost the retired marker")
		}
		r = c.Get(t, fmt.Sprintf("/markers/overview?partnership=%d", a))
		if r.Status != 200 || !strings.Contains(r.Body, "Vroeg afspreken helpt") || !strings.Contains(r.Body, "markers.css") {
			t.Errorf("overview: %d", r.Status)
		}
		// Mentors have no markers area.
		if r = env.As(t, "mentor@a").Get(t, "/markers"); r.Status != http.StatusNotFound {
			t.Errorf("mentor /markers: %d", r.Status)
		}
		// Exports: CSV neutralises formulas; XLSX has both sheets.
		r = c.Get(t, fmt.Sprintf("/markers/export?partnership=%d&what=journals&format=csv", a))
		if r.Status != 200 || !strings.Contains(r.Body, `"'=HYPERLINK(""x"")"`) || !strings.Contains(r.Body, "Kinderopvang Zon") || !strings.Contains(r.Body, "Duidelijk") {
			t.Errorf("journals csv: %d\n%s", r.Status, r.Body)
		}
		r = c.Get(t, fmt.Sprintf("/markers/export?partnership=%d&what=matrix&format=csv", a))
		if !strings.Contains(r.Body, "S1 2025") || !strings.Contains(r.Body, "2 van 2 ingevulde (100%)") {
			t.Errorf("matrix csv:\n%s", r.Body)
		}
		r = c.Get(t, fmt.Sprintf("/markers/export?partnership=%d&format=xlsx", a))
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		rows, err := f.GetRows("Journals")
		if err != nil || len(rows) < 3 {
			t.Fatalf("xlsx journals: %v %d", err, len(rows))
		}
		found := false
		for _, row := range rows {
			for _, cell := range row {
				if cell == `'=HYPERLINK("x")` {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("xlsx lacks the neutralised cell: %v", rows)
		}
		if mrows, _ := f.GetRows("Matrix"); len(mrows) < 4 || mrows[0][4] != "S1 2025" {
			t.Errorf("xlsx matrix: %v", mrows)
		}
	})
}

func TestMarkersAPI(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		bp := partnerOfA(t, env, markers.PartnerInput{Name: "VDAB", Examples: []string{"referring.expect", "referring.like", "referring.love"}})
		if _, err := markers.CreatePartner(ctx, env.DB, env.Scope(t, "coordinator@b"), markers.PartnerInput{PartnershipID: env.Fix.B.ID, Name: "Geheim B"}); err != nil {
			t.Fatal(err)
		}
		per := periodOfA(t, env, "Q1", "2025-01-01", "2025-03-31")
		ms, _ := markers.Markers(ctx, env.DB, sc, bp.ID, false)
		if err := markers.SaveJournal(ctx, env.DB, sc, bp.ID, per.ID, markers.JournalInput{Lessons: "Les", Entries: map[int64]markers.EntryInput{ms[0].ID: {Rating: "low", Evidence: "verslag"}}}); err != nil {
			t.Fatal(err)
		}
		c := env.As(t, "partner@a")
		var list struct {
			Items []struct {
				ID      int64  `json:"id"`
				Name    string `json:"name"`
				Markers []struct {
					Level string            `json:"level"`
					Text  map[string]string `json:"text"`
				} `json:"markers"`
			} `json:"items"`
			Total int `json:"total"`
		}
		r := c.Get(t, "/api/v1/boundary-partners")
		r.JSON(t, &list)
		if r.Status != 200 || list.Total != 1 || len(list.Items) != 1 || list.Items[0].Name != "VDAB" || len(list.Items[0].Markers) != 3 {
			t.Fatalf("boundary partners: %d %s", r.Status, r.Body)
		}
		for i, want := range []string{"expect", "like", "love"} {
			if got := list.Items[0].Markers[i]; got.Level != want || got.Text["nl"] == "" || got.Text["fr"] == "" {
				t.Errorf("marker %d = %+v", i, got)
			}
		}
		if r = c.Get(t, fmt.Sprintf("/api/v1/boundary-partners?partnership=%d", env.Fix.B.ID)); r.Status != 404 || strings.Contains(r.Body, "Geheim B") {
			t.Errorf("other partnership's list: %d %s", r.Status, r.Body)
		}
		r = c.Get(t, fmt.Sprintf("/api/v1/boundary-partners/%d", bp.ID))
		if r.Status != 200 || !strings.Contains(r.Body, `"level":"love"`) {
			t.Errorf("one boundary partner: %d %s", r.Status, r.Body)
		}
		var periods struct {
			Items []markers.Period `json:"items"`
			Total int              `json:"total"`
		}
		r = c.Get(t, "/api/v1/periods")
		r.JSON(t, &periods)
		if periods.Total != 1 || periods.Items[0].Label != "Q1" || periods.Items[0].StartsOn.Format("2006-01-02") != "2025-01-01" {
			t.Errorf("periods: %s", r.Body)
		}
		var journals struct {
			Items []struct {
				Lessons string `json:"lessons"`
				Entries []struct {
					MarkerID int64  `json:"marker_id"`
					Rating   string `json:"rating"`
					Evidence string `json:"evidence"`
				} `json:"entries"`
			} `json:"items"`
			Total int `json:"total"`
		}
		r = c.Get(t, fmt.Sprintf("/api/v1/journals?partnership=%d&period=%d", env.Fix.A.ID, per.ID))
		r.JSON(t, &journals)
		if journals.Total != 1 || journals.Items[0].Lessons != "Les" || len(journals.Items[0].Entries) != 1 || journals.Items[0].Entries[0].Rating != "low" || journals.Items[0].Entries[0].MarkerID != ms[0].ID {
			t.Errorf("journals: %s", r.Body)
		}
		// Mentors see no boundary partners at all.
		r = env.As(t, "mentor@a").Get(t, "/api/v1/boundary-partners")
		r.JSON(t, &list)
		if r.Status != 200 || list.Total != 0 {
			t.Errorf("mentor list: %s", r.Body)
		}
		// The same list with a personal token (no session, no CSRF).
		raw, _, err := people.CreateToken(ctx, env.DB, env.Fix.Users["coordinator@a"].ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		tc := env.Client(t)
		tc.Token = raw
		r = tc.Get(t, fmt.Sprintf("/api/v1/boundary-partners?partnership=%d", env.Fix.A.ID))
		r.JSON(t, &list)
		if r.Status != 200 || list.Total != 1 || list.Items[0].ID != bp.ID {
			t.Errorf("token list: %d %s", r.Status, r.Body)
		}
		if r = tc.Get(t, fmt.Sprintf("/api/v1/journals?period=%d&partnership=%d", per.ID, env.Fix.B.ID)); r.Status != 404 {
			t.Errorf("period of A under partnership B: %d", r.Status)
		}
		r = c.Get(t, "/api/v1/openapi.json")
		for _, want := range []string{`"/boundary-partners"`, `"/boundary-partners/{id}"`, `"/periods"`, `"/journals"`, `"ProgressMarker"`, `"love"`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("openapi lacks %s", want)
			}
		}
	})
}
