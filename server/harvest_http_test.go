package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/people"
	"oogst/server/servertest"
)

func harvestPreset(t *testing.T, d *db.DB, key string) int64 {
	t.Helper()
	var id int64
	if err := d.Q(context.Background()).Model(&harvest.Code{}).Where("partnership_id IS NULL AND key = ?", key).Pluck("id", &id).Error; err != nil || id == 0 {
		t.Fatalf("preset %s: %v", key, err)
	}
	return id
}

func reflectOutcome(t *testing.T, env *servertest.Env, pid, resp int64, group, lang, change, sign string) int64 {
	t.Helper()
	o, err := harvest.CreateFromReflection(context.Background(), env.DB, harvest.ReflectionInput{
		ResponseID: resp, PartnershipID: pid, RoundID: 1, RoundTitle: "Ronde 1", GroupName: group, Language: lang,
		Change: change, Sign: sign, VoiceAttachmentIDs: []int64{42}, SubmittedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(resp) * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// storiesOfAAndB reflects the stories the inbox and meeting tests start from: two of
// partnership A (1: French, positive, Groep A; 2: Dutch, negative, in group2) and one of
// B that A's people must never see. It returns A's two outcome ids.
func storiesOfAAndB(t *testing.T, env *servertest.Env, group2 string) (o1, o2 int64) {
	t.Helper()
	a := env.Fix.A.ID
	o1 = reflectOutcome(t, env, a, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
	o2 = reflectOutcome(t, env, a, 2, group2, "nl", "Ik kom op tijd", "negative")
	reflectOutcome(t, env, env.Fix.B.ID, 3, "Groep A", "nl", "Verhaal van B", "positive")
	return o1, o2
}

func TestHarvestInboxReviewAndAPI(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := env.Fix.A.ID
		o1, o2 := storiesOfAAndB(t, env, "Groep B")
		coord := env.As(t, "coordinator@a")

		r := coord.Get(t, "/outcomes")
		if r.Status != 200 || !strings.Contains(r.Body, "Je parle avec les parents") || !strings.Contains(r.Body, "Ik kom op tijd") || strings.Contains(r.Body, "Verhaal van B") {
			t.Fatalf("inbox: %d %.500s", r.Status, r.Body)
		}
		if !strings.Contains(r.Body, `src="/static/js/harvest.js`) || strings.Contains(r.Body, "<script>") {
			t.Error("inbox: keyboard script missing or inline script present")
		}
		r = coord.Get(t, "/outcomes?sign=negative")
		if strings.Contains(r.Body, "Je parle") || !strings.Contains(r.Body, "Ik kom op tijd") {
			t.Error("sign filter")
		}
		r = coord.Get(t, "/outcomes?q=PARENTS&language=fr")
		if !strings.Contains(r.Body, "Je parle") || strings.Contains(r.Body, "Ik kom op tijd") {
			t.Error("text search / language filter")
		}

		// Detail page: voice inline, validation keeps the typed values.
		r = coord.Get(t, "/outcomes/"+itoa(o1))
		if !strings.Contains(r.Body, `<audio controls preload="none" src="/attachments/42">`) {
			t.Errorf("voice not inline: %.300s", r.Body)
		}
		r = coord.PostForm(t, "/outcomes/"+itoa(o1), url.Values{"summary_nl": {"Praat met ouders"}, "status": {"excluded"}, "change_type": {"behaviour"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Praat met ouders") || !strings.Contains(r.Body, "Zeg waarom je de uitkomst uitsluit.") {
			t.Errorf("validation: %d %.2000s", r.Status, r.Body)
		}
		if !strings.Contains(r.Body, `<option value="behaviour" selected>`) {
			t.Error("change type not kept")
		}
		sc := harvestPreset(t, env.DB, "self_confidence")
		r = coord.PostForm(t, "/outcomes/"+itoa(o1), url.Values{"summary_nl": {"Praat met ouders"}, "code": {itoa(sc)}, "status": {"new"}, "change_type": {"behaviour"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %.1000s", r.Status, r.Body)
		}
		r = coord.Get(t, "/outcomes/"+itoa(o1))
		if !strings.Contains(r.Body, "Zelfvertrouwen en assertiviteit") || !strings.Contains(r.Body, "Gecodeerd") || strings.Contains(r.Body, "self_confidence") {
			t.Errorf("after save: %.3000s", r.Body)
		}

		// Bulk: add a code to both, all or none.
		ll := harvestPreset(t, env.DB, "language_level")
		r = coord.PostForm(t, "/outcomes/bulk", url.Values{"id": {itoa(o1), itoa(o2)}, "add_code": {itoa(ll)}, "next": {"/outcomes"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("bulk: %d", r.Status)
		}
		// A rejected bulk action (excluding needs a reason) changes nothing and comes back
		// on the same filtered inbox with the ticks, the choices and the reason shown.
		r = coord.PostForm(t, "/outcomes/bulk", url.Values{"id": {itoa(o1), itoa(o2)}, "add_code": {itoa(ll)}, "set_status": {"excluded"}, "reason": {" "},
			"next": {"/outcomes?sign=positive&status=all"}})
		for _, want := range []string{"Er is niets veranderd:", "Zeg waarom je de uitkomst uitsluit.", `value="` + itoa(o1) + `" checked`,
			`<option value="excluded" selected>`, `<option value="` + itoa(ll) + `" selected>`, `name="next" value="/outcomes?sign=positive&amp;status=all"`} {
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("rejected bulk (%d) lacks %q", r.Status, want)
			}
		}
		if strings.Contains(r.Body, "Ik kom op tijd") {
			t.Error("rejected bulk forgot the inbox filter")
		}
		var list struct {
			Items []harvest.Outcome `json:"items"`
			Total int64             `json:"total"`
		}
		r = coord.Get(t, "/api/v1/outcomes?status=excluded")
		if r.JSON(t, &list); list.Total != 0 {
			t.Errorf("rejected bulk changed %d outcomes", list.Total)
		}
		r = coord.Get(t, "/api/v1/outcomes?code="+itoa(ll))
		r.JSON(t, &list)
		if list.Total != 2 || len(list.Items) != 2 || list.Items[0].Status != "coded" {
			t.Errorf("API after bulk: %+v", list)
		}
		r = coord.Get(t, "/api/v1/outcomes?partnership="+itoa(a)+"&status=coded&sign=positive&per_page=1")
		r.JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != o1 || len(list.Items[0].Codes) != 2 {
			t.Errorf("API filter: %+v", list)
		}
		// PATCH: status with reason; a bad transition is a 422 with field errors.
		r = coord.SendJSON(t, http.MethodPatch, "/api/v1/outcomes/"+itoa(o2), map[string]any{"status": "excluded"})
		var apiErr apiError
		r.JSON(t, &apiErr)
		if r.Status != 422 || apiErr.Errors["exclude_reason"] == "" {
			t.Errorf("PATCH without reason: %d %+v", r.Status, apiErr)
		}
		r = coord.SendJSON(t, http.MethodPatch, "/api/v1/outcomes/"+itoa(o2), map[string]any{"status": "excluded", "exclude_reason": "dubbel", "summary_nl": "Komt op tijd"})
		var got harvest.Outcome
		r.JSON(t, &got)
		if r.Status != 200 || got.Status != "excluded" || got.ExcludeReason != "dubbel" || got.SummaryNL != "Komt op tijd" {
			t.Errorf("PATCH: %d %+v", r.Status, got)
		}
		// Mentor of Groep A: sees o1 read-only, not o2.
		mentor := env.As(t, "mentor@a")
		r = mentor.Get(t, "/outcomes?status=all")
		if !strings.Contains(r.Body, "Praat met ouders") || strings.Contains(r.Body, "Komt op tijd") || strings.Contains(r.Body, `name="id"`) {
			t.Errorf("mentor inbox: %.3000s", r.Body)
		}
		r = mentor.Get(t, "/outcomes/"+itoa(o1))
		if strings.Contains(r.Body, `id="review-form"`) || !strings.Contains(r.Body, "Je kunt deze uitkomst lezen") {
			t.Error("mentor sees the edit form")
		}
	})
}

func TestHarvestExports(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := env.Fix.A.ID
		o1 := reflectOutcome(t, env, a, 1, "Groep A", "nl", "=HYPERLINK(\"http://x\")", "positive")
		reflectOutcome(t, env, a, 2, "Groep A", "nl", "Gewone tekst", "negative")
		reflectOutcome(t, env, env.Fix.B.ID, 3, "Groep A", "nl", "Verhaal van B", "positive")
		coord := env.As(t, "coordinator@a")
		if r := coord.PostForm(t, "/outcomes/"+itoa(o1), url.Values{"code": {itoa(harvestPreset(t, env.DB, "well_being"))}, "status": {"new"}, "summary_nl": {"@samenvatting"}}); r.Status != 303 {
			t.Fatalf("code: %d", r.Status)
		}
		r := coord.Get(t, "/api/v1/outcomes/export.csv?sign=positive")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if !strings.Contains(r.Body, `"'=HYPERLINK(""http://x"")"`) || strings.Contains(r.Body, "Gewone tekst") || strings.Contains(r.Body, "Verhaal van B") || !strings.Contains(r.Body, "'@samenvatting") {
			t.Errorf("csv body: %s", r.Body)
		}
		r = coord.Get(t, "/api/v1/outcomes/export.xlsx?partnership="+itoa(a))
		if r.Status != 200 {
			t.Fatalf("xlsx: %d", r.Status)
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetName(0)
		if sheet != "Uitkomsten" {
			t.Errorf("sheet = %q", sheet)
		}
		rows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("rows = %d, want header + 2: %v", len(rows), rows)
		}
		want := map[string]string{"A1": "Nummer", "B1": "Samenwerkingsverband", "J1": "Verandering", "O1": "Codes",
			"A2": itoa(o1), "B2": "Partnership A", "C2": "Ronde 1", "D2": "Groep A", "E2": "nl", "F2": "2026-03-01",
			"G2": "Reflectie van een cursist", "H2": "Gecodeerd", "I2": "Positief", "J2": "'=HYPERLINK(\"http://x\")",
			"N2": "'@samenvatting", "O2": "Welbevinden", "J3": "Gewone tekst", "I3": "Negatief", "H3": "Nieuw"}
		for cell, w := range want {
			v, err := x.GetCellValue(sheet, cell)
			if err != nil || v != w {
				t.Errorf("cell %s = %q, want %q (%v)", cell, v, w, err)
			}
		}
		if f, _ := x.GetCellFormula(sheet, "J2"); f != "" {
			t.Errorf("J2 has a formula: %q", f)
		}
		var audits []people.AuditEntry
		env.DB.Q(context.Background()).Where("action = 'export'").Order("id").Find(&audits)
		if len(audits) != 2 || audits[0].UserID == nil || *audits[0].UserID != env.Fix.Users["coordinator@a"].ID ||
			!strings.Contains(audits[0].Detail, "outcomes.csv") || audits[1].PartnershipID == nil || *audits[1].PartnershipID != a {
			t.Errorf("audit: %+v", audits)
		}
	})
}

func TestHarvestDashboardAndCompare(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := env.Fix.A.ID
		reflectOutcome(t, env, a, 1, "Groep A", "nl", "Verhaal A1", "positive")
		reflectOutcome(t, env, a, 2, "Groep B", "nl", "Verhaal A2", "negative")
		reflectOutcome(t, env, env.Fix.B.ID, 3, "Groep A", "nl", "Verhaal van B", "positive")
		r := env.As(t, "partner@a").Get(t, "/partnerships/"+itoa(a)+"/dashboard")
		if r.Status != 200 || !strings.Contains(r.Body, `<svg class="bars"`) || !strings.Contains(r.Body, "Antwoorden per ronde") || strings.Contains(r.Body, "Verhaal A1") {
			t.Fatalf("dashboard: %d %.500s", r.Status, r.Body)
		}
		if !strings.Contains(r.Body, "2 uitkomsten") || !regexp.MustCompile(`<th scope="row">Groep B</th><td><a href="/outcomes\?[^"]*group=Groep&#43;B[^"]*">1</a></td>`).MatchString(r.Body) {
			t.Errorf("dashboard numbers: %s", r.Body)
		}
		var agg map[string]any
		env.As(t, "mentor@a").Get(t, "/api/v1/partnerships/"+itoa(a)+"/aggregates").JSON(t, &agg)
		if agg["total"] != float64(2) {
			t.Errorf("aggregates API: %v", agg)
		}
		r = env.As(t, "partner@a").Get(t, "/api/v1/partnerships/"+itoa(a)+"/aggregates.csv")
		// Dutch readers get ';' (Belgian Excel's separator).
		if r.Status != 200 || !strings.Contains(r.Body, "Uitkomsten per groep;Uitkomsten\r\nGroep A;1\r\nGroep B;1\r\n") ||
			!strings.Contains(r.Body, "Antwoorden per ronde;Antwoorden;Nog niet geantwoord\r\nRonde 1;2;0\r\n") {
			t.Errorf("aggregates CSV: %d %s", r.Status, r.Body)
		}
		// The same figures as a workbook: a sheet per chart, counts as numbers.
		r = env.As(t, "partner@a").Get(t, "/api/v1/partnerships/"+itoa(a)+"/aggregates.xlsx")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="oogst-aggregates-`) {
			t.Fatalf("aggregates xlsx: %d %v", r.Status, r.Header)
		}
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		if sheets := wb.GetSheetList(); len(sheets) < 5 || !slices.Contains(sheets, "Uitkomsten per groep") || !slices.Contains(sheets, "Antwoorden per ronde") {
			t.Errorf("aggregate sheets: %q", sheets)
		}
		for cell, want := range map[string]string{"A1": "Uitkomsten per groep", "B1": "Uitkomsten", "A2": "Groep A", "B2": "1", "A3": "Groep B", "B3": "1"} {
			if got, _ := wb.GetCellValue("Uitkomsten per groep", cell); got != want {
				t.Errorf("aggregates xlsx %s = %q, want %q", cell, got, want)
			}
		}
		if ty, _ := wb.GetCellType("Antwoorden per ronde", "B2"); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
			t.Errorf("counts are not numbers: cell type %v", ty)
		}
		if v, _ := wb.GetCellValue("Antwoorden per ronde", "B2"); v != "2" {
			t.Errorf("responses in round 1: %q", v)
		}
		var logged int64
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("action = ? AND detail = ?", people.AuditExported, "aggregates.xlsx").Count(&logged)
		if logged != 1 {
			t.Errorf("aggregates xlsx export logged %d times", logged)
		}
		// Compare: A's coordinator sees A only; the admin sees both, numbers only.
		r = env.As(t, "coordinator@a").Get(t, "/compare")
		if !strings.Contains(r.Body, "Partnership A") || strings.Contains(r.Body, "Partnership B") {
			t.Errorf("compare as A: %.3000s", r.Body)
		}
		for _, want := range []string{">Uitkomsten per bouwsteen<", `<th scope="row">Werkplekleren</th>`, ">Uitkomsten per status<", `<th scope="row">Gecodeerd</th>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("compare lacks %q", want)
			}
		}
		r = env.As(t, "admin").Get(t, "/compare")
		if r.Status != 200 || !strings.Contains(r.Body, "Partnership A") || !strings.Contains(r.Body, "Partnership B") ||
			strings.Contains(r.Body, "Verhaal") || strings.Contains(r.Body, "/dashboard\"") {
			t.Errorf("compare as admin: %d %.3000s", r.Status, r.Body)
		}
	})
}

func TestHarvestMeetingFlow(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := env.Fix.A.ID
		o1, o2 := storiesOfAAndB(t, env, "Groep A")
		coord := env.As(t, "coordinator@a")
		if r := coord.PostForm(t, "/meetings", url.Values{"partnership": {itoa(a)}, "title": {""}, "date": {"2026-05-01"}, "participants": {"An, Bert"}}); r.Status != 422 || !strings.Contains(r.Body, "An, Bert") {
			t.Errorf("meeting validation: %d", r.Status)
		}
		r := coord.PostForm(t, "/meetings", url.Values{"partnership": {itoa(a)}, "title": {"Stuurgroep mei"}, "date": {"2026-05-01"},
			"participants": {"An, Bert"}, "use_filter": {"1"}, "sign": {"positive"}, "ids": {itoa(o2)}})
		if r.Status != 303 {
			t.Fatalf("create meeting: %d %.500s", r.Status, r.Body)
		}
		loc := r.Header.Get("Location")
		r = coord.Get(t, loc+"?i=1")
		if !strings.Contains(r.Body, "Je parle avec les parents") || !strings.Contains(r.Body, "1 van 2") || !strings.Contains(r.Body, `data-next="`+loc+`?i=2"`) {
			t.Fatalf("meeting mode item 1: %.3000s", r.Body)
		}
		r = coord.Get(t, loc+"?i=2")
		if !strings.Contains(r.Body, "Ik kom op tijd") {
			t.Error("item 2 is the hand-picked outcome")
		}
		if r := coord.PostForm(t, loc+"/notes", url.Values{"outcome": {itoa(o1)}, "notes": {"Mooi voorbeeld"}, "i": {"1"}}); r.Status != 303 {
			t.Fatalf("note: %d", r.Status)
		}
		// A rejected adjustment comes back as typed, on the same agenda item, with the reasons.
		r = coord.PostForm(t, loc+"/adjustments", url.Values{"outcome": {itoa(o1)}, "description": {""}, "owner": {"CVO <Gent>"}, "block": {"workplace"},
			"due_on": {"30/06/2026"}, "i": {"1"}})
		for _, want := range []string{`value="CVO &lt;Gent&gt;"`, `<option value="workplace" selected>`, `value="30/06/2026"`, "Geef een geldige datum.", "Je parle avec les parents",
			`name="next" value="` + loc + `?i=1"`} {
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("rejected adjustment (%d) lacks %q", r.Status, want)
			}
		}
		r = coord.PostForm(t, loc+"/adjustments", url.Values{"outcome": {itoa(o1)}, "description": {"  "}, "owner": {"CVO"}, "due_on": {"2026-06-30"}, "i": {"1"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Beschrijf de bijsturing.") || !strings.Contains(r.Body, `value="2026-06-30"`) {
			t.Errorf("adjustment without description: %d", r.Status)
		}
		if r := coord.PostForm(t, loc+"/adjustments", url.Values{"outcome": {itoa(o1)}, "description": {"Meer taalcoaching op de werkvloer"},
			"owner": {"CVO"}, "block": {"workplace"}, "due_on": {"2026-06-30"}, "i": {"1"}}); r.Status != 303 {
			t.Fatalf("adjustment: %d", r.Status)
		}
		r = coord.Get(t, loc+"/report")
		for _, want := range []string{"Verslag: Stuurgroep mei", "Mooi voorbeeld", "Meer taalcoaching op de werkvloer", "Trekker: CVO", "klaar tegen 30-06-2026", "harvest-print.css"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("report lacks %q", want)
			}
		}
		en := env.As(t, "partner@a")
		en.Lang = "en"
		en.PostForm(t, "/lang", url.Values{"lang": {"en"}})
		if r := en.Get(t, loc+"/report"); !strings.Contains(r.Body, "Report: Stuurgroep mei") {
			t.Errorf("report in English: %.500s", r.Body)
		}
		// The next meeting opens with the open adjustment.
		r = coord.PostForm(t, "/meetings", url.Values{"partnership": {itoa(a)}, "title": {"Stuurgroep juni"}, "date": {"2026-06-15"}})
		next := r.Header.Get("Location")
		r = coord.Get(t, next)
		if !strings.Contains(r.Body, "Openstaande bijsturingen") || !strings.Contains(r.Body, "Meer taalcoaching op de werkvloer") {
			t.Errorf("next meeting does not open with the adjustment: %.3000s", r.Body)
		}
		// List: A's meetings only.
		r = coord.Get(t, "/meetings")
		if !strings.Contains(r.Body, "Stuurgroep mei") || !strings.Contains(r.Body, "Stuurgroep juni") {
			t.Error("meetings list")
		}
		var ms []harvest.Meeting
		env.DB.Q(context.Background()).Find(&ms)
		if len(ms) != 2 {
			t.Errorf("meetings = %d", len(ms))
		}
		// Mentors take no part; charts on demand.
		if r := env.As(t, "mentor@a").Get(t, next); r.Status != 403 {
			t.Errorf("mentor in meeting: %d", r.Status)
		}
		if r := coord.Get(t, next+"?charts=1"); !strings.Contains(r.Body, `<svg class="bars"`) {
			t.Error("charts on demand")
		}
		_ = json.Valid
	})
}

func TestHarvestOpenAPI(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	var doc struct {
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	env.Client(t).Get(t, "/api/v1/openapi.json").JSON(t, &doc)
	for path, methods := range map[string][]string{"/outcomes": {"get"}, "/outcomes/{id}": {"get", "patch"}, "/outcomes/export.csv": {"get"},
		"/outcomes/export.xlsx": {"get"}, "/partnerships/{id}/aggregates": {"get"}} {
		for _, m := range methods {
			if doc.Paths[path][m] == nil {
				t.Errorf("openapi lacks %s %s", m, path)
			}
		}
	}
	for _, s := range []string{"Outcome", "OutcomeList", "OutcomeChange", "OutcomeAggregates"} {
		if doc.Components.Schemas[s] == nil {
			t.Errorf("openapi lacks schema %s", s)
		}
	}
	// Every harvest API route is described.
	for _, r := range env.Server.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/outcomes") || strings.HasSuffix(r.Path, "/aggregates") {
			p := strings.ReplaceAll(strings.TrimPrefix(r.Path, "/api/v1"), ":id", "{id}")
			if doc.Paths[p][strings.ToLower(r.Method)] == nil {
				t.Errorf("route %s %s not in the OpenAPI document", r.Method, r.Path)
			}
		}
	}
}

func TestHarvestSubstantiationLink(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		clock := now
		env := servertest.New(t, d, servertest.Options{Now: func() time.Time { return clock }})
		o := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ze troost de baby's rustig", "positive")
		partner := env.As(t, "partner@a")
		// Without a name: the reason, and the typed role kept; no link is made.
		r := partner.PostForm(t, "/outcomes/"+itoa(o)+"/substantiations", url.Values{"name": {"  "}, "role": {"mentor De Knuffel"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Geef de naam van de persoon.") ||
			!strings.Contains(r.Body, `name="role" value="mentor De Knuffel"`) || strings.Contains(r.Body, "/substantiate/") {
			t.Errorf("request without a name: %d", r.Status)
		}
		r = partner.PostForm(t, "/outcomes/"+itoa(o)+"/substantiations", url.Values{"name": {"Sara"}, "role": {"mentor De Knuffel"}})
		if r.Status != 303 {
			t.Fatalf("request: %d", r.Status)
		}
		page := partner.Get(t, "/outcomes/"+itoa(o)).Body
		link := substLinkOn(t, page)
		if strings.Contains(page, `id="subst-email"`) {
			t.Error("the request form offers e-mail although no mail server is configured")
		}
		if !strings.Contains(page, "wacht op antwoord (link geldig tot 15-05-2026)") || !strings.Contains(page, `data-copy="subst-link"`) {
			t.Error("pending request or copy button not shown")
		}
		if again := partner.Get(t, "/outcomes/"+itoa(o)).Body; strings.Contains(again, "/substantiate/") {
			t.Error("the link is shown a second time")
		}
		anon := env.Client(t)
		r = anon.Get(t, link)
		if r.Status != 200 || !strings.Contains(r.Body, "Ze troost de baby&#39;s rustig") || !strings.Contains(r.Body, "Dag Sara") ||
			!strings.Contains(r.Body, "Partnership A") || !strings.Contains(r.Body, "Klopt de beschrijving van wat er veranderd is?") {
			t.Fatalf("link page: %d %.2000s", r.Status, r.Body)
		}
		for _, c := range env.Fix.Cursists {
			if strings.Contains(r.Body, c.Code) || strings.Contains(r.Body, c.FirstName) {
				t.Errorf("the link page names a cursist (%s)", c.Code)
			}
		}
		// One aspect left out: its reason, and everything typed kept.
		r = anon.PostForm(t, link, url.Values{"comment": {"Ik zag het zelf"}, "agreement_description": {"agree"}, "comment_description": {"zo ging het"},
			"agreement_significance": {"partly"}})
		if r.Status != 422 || !strings.Contains(r.Body, "Ik zag het zelf") || !strings.Contains(r.Body, "zo ging het") || strings.Count(r.Body, "Kies een antwoord.") != 1 ||
			!strings.Contains(r.Body, `name="agreement_significance" value="partly" checked`) ||
			!strings.Contains(r.Body, `action="`+link+`"`) || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("answer without a choice for one aspect: %d %.3000s", r.Status, r.Body)
		}
		if r = anon.PostForm(t, link, url.Values{"agreement_description": {"agree"}, "agreement_significance": {"agree"}, "agreement_contribution": {"dont_know"},
			"comment_contribution": {"Dat weet ik niet"}, "comment": {"Ik zag het zelf"}}); r.Status != 303 {
			t.Fatalf("answer: %d", r.Status)
		}
		if r = anon.Get(t, link); !strings.Contains(r.Body, "Dank je wel") || strings.Contains(r.Body, `id="subst-form"`) || !strings.Contains(r.Body, "Weet ik niet") {
			t.Error("answered link still asks, or does not show the answer")
		}
		anon.PostForm(t, link, url.Values{"agreement_description": {"disagree"}, "agreement_significance": {"disagree"}, "agreement_contribution": {"disagree"}})
		page = partner.Get(t, "/outcomes/"+itoa(o)).Body
		if !strings.Contains(page, "Helemaal eens") || !strings.Contains(page, "Ik zag het zelf") || !strings.Contains(page, "Dat weet ik niet") ||
			!strings.Contains(page, "Sara: Helemaal eens") || strings.Contains(page, "Sara: agree") {
			t.Errorf("answer not beside the outcome: %.4000s", page)
		}
		var subs []harvest.Substantiation
		d.Q(context.Background()).Find(&subs)
		if len(subs) != 1 || subs[0].Agreement != "agree" || subs[0].ContributionAgreement != "dont_know" || subs[0].TokenHash == "" || strings.Contains(link, subs[0].TokenHash) {
			t.Errorf("stored: %+v", subs)
		}
		// Links expire.
		partner.PostForm(t, "/outcomes/"+itoa(o)+"/substantiations", url.Values{"name": {"Jan"}})
		link2 := substLinkOn(t, partner.Get(t, "/outcomes/"+itoa(o)).Body)
		clock = now.Add(15 * 24 * time.Hour)
		if r := anon.Get(t, link2); r.Status != 404 || strings.Contains(r.Body, "Ze troost") {
			t.Errorf("expired link: %d", r.Status)
		}
	})
}

func TestHarvestRecordOtherSourceForm(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "partner@a")
		a := itoa(env.Fix.A.ID)
		r := c.PostForm(t, "/outcomes", url.Values{"partnership": {a}, "source": {"observation"}, "change": {"Ze leidt het kringgesprek"},
			"block": {"workplace"}, "sign": {"positive"}, "date": {"2026-04-02"}})
		if r.Status != 422 || !strings.Contains(r.Body, "Ze leidt het kringgesprek") || !strings.Contains(r.Body, "Zeg waar de uitkomst vandaan komt.") ||
			!strings.Contains(r.Body, `value="workplace" checked`) || !strings.Contains(r.Body, `<option value="observation" selected>`) {
			t.Fatalf("typed values lost: %d %.3000s", r.Status, r.Body)
		}
		r = c.PostForm(t, "/outcomes", url.Values{"partnership": {a}, "source": {"observation"}, "source_detail": {"mentor De Knuffel"},
			"change": {"Ze leidt het kringgesprek"}, "block": {"workplace"}, "sign": {"positive"}, "date": {"2026-04-02"}, "group": {"Groep A"}})
		if r.Status != 303 {
			t.Fatalf("record: %d", r.Status)
		}
		page := c.Get(t, r.Header.Get("Location")).Body
		if !strings.Contains(page, "Observatie: mentor De Knuffel") || !strings.Contains(page, "02-04-2026") || !strings.Contains(page, "Werkplekleren") {
			t.Errorf("recorded outcome page: %.3000s", page)
		}
		if r := env.As(t, "mentor@a").Get(t, "/outcomes/new"); r.Status != 403 {
			t.Errorf("mentor gets the form: %d", r.Status)
		}
	})
}

// agreeAll is a substantiation answer that agrees with every aspect.
func agreeAll() harvest.SubstAnswer {
	a := harvest.SubstAnswer{Aspects: map[string]harvest.Aspect{}}
	for _, k := range harvest.AspectKeys {
		a.Aspects[k] = harvest.Aspect{Agreement: "agree"}
	}
	return a
}

var substLinkRE = regexp.MustCompile(`value="http://oogst\.test(/substantiate/[A-Za-z0-9_-]+)"`)

// substLinkOn is the personal link shown (once) on an outcome page, as a path.
func substLinkOn(t *testing.T, page string) string {
	t.Helper()
	m := substLinkRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no personal link on the page: %.3000s", page)
	}
	return m[1]
}
