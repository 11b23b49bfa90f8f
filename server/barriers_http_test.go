package server_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"oogst/db"
	"oogst/harvest"
	"oogst/server/servertest"
)

func barrierPreset(t *testing.T, d *db.DB, key string) int64 {
	t.Helper()
	var id int64
	if err := d.Q(context.Background()).Model(&harvest.Barrier{}).Where("partnership_id IS NULL AND key = ?", key).Pluck("id", &id).Error; err != nil || id == 0 {
		t.Fatalf("preset barrier %s: %v", key, err)
	}
	return id
}

// apiOutcomeBody is the part of an API outcome this test reads.
type apiOutcomeBody struct {
	ID                   int64    `json:"id"`
	Barriers             []string `json:"barriers"`
	Actor                string   `json:"actor"`
	ContributionStrength string   `json:"contribution_strength"`
	SignificanceNote     string   `json:"significance_note"`
}

// Barriers over real HTTP: managed per partnership, coded on the outcome page and in
// bulk, filtered in the inbox and the API, exported, counted on the dashboard and in the
// aggregates; with the social actor, contribution strength and steering group's note.
func TestBarriersOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a, b := env.Fix.A.ID, env.Fix.B.ID
		o1 := reflectOutcome(t, env, a, 1, "Groep A", "nl", "Ik neem zelf de bus naar de crèche", "positive")
		o2 := reflectOutcome(t, env, a, 2, "Groep A", "nl", "Ik durf nu te bellen naar de dienst", "negative")
		o3 := reflectOutcome(t, env, a, 3, "Groep B", "nl", "Ik heb een plek in de kinderopvang", "positive")
		ob := reflectOutcome(t, env, b, 4, "Groep A", "nl", "Verhaal van B", "positive")
		coord, coordB := env.As(t, "coordinator@a"), env.As(t, "coordinator@b")
		lang, fin, pre := barrierPreset(t, env.DB, "language"), barrierPreset(t, env.DB, "financial"), barrierPreset(t, env.DB, "preconditions")

		// A's own barrier: listed for A, invisible to B; B's page and B's barrier are 404 for A.
		if r := coord.PostForm(t, "/partnerships/"+itoa(a)+"/barriers", url.Values{"name_nl": {"Digitale drempels"}, "name_en": {"Digital barriers"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("add barrier: %d %.500s", r.Status, r.Body)
		}
		var own harvest.Barrier
		if err := env.DB.Q(context.Background()).Where("partnership_id = ? AND key = ?", a, "digitale_drempels").Take(&own).Error; err != nil {
			t.Fatal(err)
		}
		if r := coord.Get(t, "/partnerships/"+itoa(a)+"/barriers"); r.Status != 200 || !strings.Contains(r.Body, "Digitale drempels") || !strings.Contains(r.Body, "Taaldrempels") {
			t.Errorf("A's barriers page: %d", r.Status)
		}
		if r := coordB.Get(t, "/partnerships/"+itoa(b)+"/barriers"); r.Status != 200 || strings.Contains(r.Body, "Digitale drempels") || !strings.Contains(r.Body, "Psychologische drempels") {
			t.Errorf("B sees A's own barrier or misses the presets: %d", r.Status)
		}
		if r := coordB.Get(t, "/outcomes/"+itoa(ob)); strings.Contains(r.Body, "Digitale drempels") {
			t.Error("B's outcome page offers A's own barrier")
		}
		if r := coord.Get(t, "/partnerships/"+itoa(b)+"/barriers"); r.Status != http.StatusNotFound {
			t.Errorf("A opens B's barriers: %d, want 404", r.Status)
		}
		bOwn, _ := harvestBarrier(t, env, "b")
		if r := coord.PostForm(t, "/barriers/"+itoa(bOwn), url.Values{"name_nl": {"Overgenomen"}}); r.Status != http.StatusNotFound {
			t.Errorf("A renames B's barrier: %d, want 404", r.Status)
		}
		if r := coord.SendJSON(t, http.MethodPatch, "/api/v1/outcomes/"+itoa(o1), map[string]any{"barrier_ids": []int64{bOwn}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("B's barrier on A's outcome: %d, want 422", r.Status)
		}

		// The outcome page: barriers, actor, strength and note saved, shown again, in the history.
		r := coord.PostForm(t, "/outcomes/"+itoa(o1), url.Values{"status": {"new"}, "barrier": {itoa(lang), itoa(own.ID)},
			"actor": {"job_coach"}, "contribution_strength": {"partial"}, "significance_note": {"Eerste stap naar zelfstandigheid"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save outcome: %d %.1500s", r.Status, r.Body)
		}
		r = coord.Get(t, "/outcomes/"+itoa(o1))
		for _, want := range []string{`name="barrier" value="` + itoa(lang) + `" checked`, `name="barrier" value="` + itoa(own.ID) + `" checked`,
			`<option value="job_coach" selected>`, `<option value="partial" selected>`, "Eerste stap naar zelfstandigheid", "Taaldrempels, Digitale drempels"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("outcome page lacks %q", want)
			}
		}
		// A bad actor comes back on the page with the reason, nothing saved.
		r = coord.PostForm(t, "/outcomes/"+itoa(o2), url.Values{"status": {"new"}, "actor": {"buurman"}, "barrier": {itoa(fin)}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `name="barrier" value="`+itoa(fin)+`" checked`) {
			t.Errorf("bad actor: %d", r.Status)
		}

		// Bulk: put one barrier on two outcomes, take one off.
		if r := coord.PostForm(t, "/outcomes/bulk", url.Values{"id": {itoa(o1), itoa(o2)}, "add_barrier": {itoa(fin)}, "next": {"/outcomes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("bulk add: %d %.800s", r.Status, r.Body)
		}
		if r := coord.PostForm(t, "/outcomes/bulk", url.Values{"id": {itoa(o1), itoa(o3)}, "remove_barrier": {itoa(lang)}, "add_barrier": {itoa(pre)}, "next": {"/outcomes"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("bulk remove: %d %.800s", r.Status, r.Body)
		}
		// o1: financial, preconditions, own; o2: financial; o3: preconditions.

		// Inbox filters.
		r = coord.Get(t, "/outcomes?barrier="+itoa(fin))
		if !strings.Contains(r.Body, "bus naar de crèche") || !strings.Contains(r.Body, "durf nu te bellen") || strings.Contains(r.Body, "plek in de kinderopvang") {
			t.Error("inbox barrier filter")
		}
		r = coord.Get(t, "/outcomes?actor=job_coach")
		if !strings.Contains(r.Body, "bus naar de crèche") || strings.Contains(r.Body, "durf nu te bellen") || !strings.Contains(r.Body, `<option value="job_coach" selected>`) {
			t.Error("inbox actor filter")
		}

		// The API: fields with their values, and the filters.
		var one apiOutcomeBody
		coord.Get(t, "/api/v1/outcomes/"+itoa(o1)).JSON(t, &one)
		if !slices.Equal(one.Barriers, []string{"preconditions", "financial", "digitale_drempels"}) || one.Actor != "job_coach" ||
			one.ContributionStrength != "partial" || one.SignificanceNote != "Eerste stap naar zelfstandigheid" {
			t.Errorf("API outcome: %+v", one)
		}
		r = coord.SendJSON(t, http.MethodPatch, "/api/v1/outcomes/"+itoa(o3), map[string]any{"actor": "family", "contribution_strength": "substantial", "add_barrier_ids": []int64{lang}})
		if r.Status != 200 {
			t.Fatalf("PATCH: %d %s", r.Status, r.Body)
		}
		var list struct {
			Items []apiOutcomeBody `json:"items"`
			Total int64            `json:"total"`
		}
		coord.Get(t, "/api/v1/outcomes?barrier="+itoa(pre)).JSON(t, &list)
		if list.Total != 2 || list.Items[0].ID != o3 || !slices.Equal(list.Items[0].Barriers, []string{"preconditions", "language"}) ||
			list.Items[0].Actor != "family" || list.Items[0].ContributionStrength != "substantial" || list.Items[1].ID != o1 {
			t.Errorf("API barrier filter: %+v", list)
		}
		coord.Get(t, "/api/v1/outcomes?actor=family").JSON(t, &list)
		if list.Total != 1 || list.Items[0].ID != o3 {
			t.Errorf("API actor filter: %+v", list)
		}
		if r := coord.Get(t, "/api/v1/outcomes?actor=buurman"); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("unknown actor in the API filter: %d, want 422", r.Status)
		}

		// Exports: the four columns with their values, in the reader's language.
		r = coord.Get(t, "/api/v1/outcomes/export.csv?barrier="+itoa(own.ID)+"&sep=comma")
		if !strings.Contains(r.Body, "Drempels,Wie veranderde,Bijdrage van het project,Belang (stuurgroep)") ||
			!strings.Contains(r.Body, `"Drempels in essentiële randvoorwaarden (mobiliteit, kinderopvang, huisvesting …); Financiële en materiële drempels; Digitale drempels",een jobcoach of VDAB,gedeeltelijk,Eerste stap naar zelfstandigheid`) ||
			strings.Contains(r.Body, "durf nu te bellen") {
			t.Errorf("csv: %s", r.Body)
		}
		r = coord.Get(t, "/api/v1/outcomes/export.xlsx?barrier="+itoa(lang))
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetName(0)
		for cell, w := range map[string]string{"T1": "Drempels", "U1": "Wie veranderde", "V1": "Bijdrage van het project", "W1": "Belang (stuurgroep)",
			"A2": itoa(o3), "T2": "Drempels in essentiële randvoorwaarden (mobiliteit, kinderopvang, huisvesting …); Taaldrempels", "U2": "familie", "V2": "groot", "A3": ""} {
			if v, _ := x.GetCellValue(sheet, cell); v != w {
				t.Errorf("xlsx %s = %q, want %q", cell, v, w)
			}
		}

		// Aggregates and dashboard: by_barrier equals the links of outcomes that count.
		var agg struct {
			ByBarrier []struct {
				BarrierID int64  `json:"barrier_id"`
				Key       string `json:"key"`
				Positive  int64  `json:"positive"`
				Negative  int64  `json:"negative"`
				Total     int64  `json:"total"`
			} `json:"by_barrier"`
		}
		coord.Get(t, "/api/v1/partnerships/"+itoa(a)+"/aggregates").JSON(t, &agg)
		var linked []struct {
			BarrierID, N int64
		}
		env.DB.Q(context.Background()).Raw(`SELECT l.barrier_id, COUNT(*) AS n FROM outcome_barrier_links l JOIN outcomes o ON o.id = l.outcome_id
			WHERE o.partnership_id = ? AND o.status <> 'excluded' GROUP BY l.barrier_id`, a).Scan(&linked)
		got := map[int64]int64{}
		for _, c := range agg.ByBarrier {
			got[c.BarrierID] = c.Total
		}
		if len(linked) != 4 || len(got) != len(linked) {
			t.Errorf("by_barrier %+v, linked %+v", agg.ByBarrier, linked)
		}
		for _, l := range linked {
			if got[l.BarrierID] != l.N {
				t.Errorf("barrier %d: by_barrier %d, linked %d", l.BarrierID, got[l.BarrierID], l.N)
			}
		}
		// o1 (positive) and o2 (negative) are financial; o1 and o3 (both positive) preconditions.
		if agg.ByBarrier[0].Key != "preconditions" || agg.ByBarrier[0].Positive != 2 || agg.ByBarrier[1].Key != "financial" || agg.ByBarrier[1].Negative != 1 {
			t.Errorf("by_barrier order or signs: %+v", agg.ByBarrier)
		}
		var aggB struct {
			ByBarrier []struct{} `json:"by_barrier"`
		}
		coordB.Get(t, "/api/v1/partnerships/"+itoa(b)+"/aggregates").JSON(t, &aggB)
		if len(aggB.ByBarrier) != 0 {
			t.Errorf("B's by_barrier counts A's links: %+v", aggB)
		}
		r = coord.Get(t, "/partnerships/"+itoa(a)+"/dashboard")
		if !strings.Contains(r.Body, "Uitkomsten per drempel") || !strings.Contains(r.Body, "Digitale drempels") {
			t.Error("dashboard lacks the barrier chart")
		}
	})
}

// Two editors: a save over someone else's newer version is refused and the page names
// the barriers, actor and strength each of them chose.
func TestBarriersTwoEditors(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		o := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik spreek met de ouders", "positive")
		coord, partner := env.As(t, "coordinator@a"), env.As(t, "partner@a")
		lang, fin := barrierPreset(t, env.DB, "language"), barrierPreset(t, env.DB, "financial")
		form := func(actor string, barrier int64) url.Values {
			return url.Values{"version": {"1"}, "status": {"new"}, "actor": {actor}, "barrier": {itoa(barrier)}}
		}
		if r := coord.PostForm(t, "/outcomes/"+itoa(o), form("cursist", lang)); r.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.Status)
		}
		r := partner.PostForm(t, "/outcomes/"+itoa(o), form("family", fin))
		if r.Status != http.StatusConflict {
			t.Fatalf("second save over version 1: %d, want 409", r.Status)
		}
		for _, want := range []string{`<td class="theirs" dir="auto">Taaldrempels</td><td class="yours" dir="auto">Financiële en materiële drempels</td>`,
			`<td class="theirs" dir="auto">de cursist</td><td class="yours" dir="auto">familie</td>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		got, err := harvest.Get(context.Background(), env.DB, env.Scope(t, "coordinator@a"), o)
		if err != nil {
			t.Fatal(err)
		}
		if got.Actor != "cursist" || !slices.Equal(got.BarrierKeys(), []string{"language"}) {
			t.Errorf("the refused save changed the outcome: %q %v", got.Actor, got.BarrierKeys())
		}
	})
}
