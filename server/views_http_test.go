package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// viewsWorld is partnership A with outcomes that the view filters tell apart (and one
// of B that none of A's people may see):
//
//	o1 training            2026-01-31 23:30  fr  not requested
//	o2 training, guidance  2026-02-01 00:30  ar  requested, no answer
//	o3 workplace           2026-02-10        ar  agreed
//	o4 training            2026-02-11        fr  partly
//	o5 training            2026-03-01 00:30  ar  disagreed
//	o6 training            2026-02-28 23:30  ar  requested ("don't know")
type viewsWorld struct {
	env                        *servertest.Env
	o1, o2, o3, o4, o5, o6, ob int64
}

func newViewsWorld(t *testing.T, d *db.DB) *viewsWorld {
	t.Helper()
	env := servertest.New(t, d)
	ctx := context.Background()
	w := &viewsWorld{env: env}
	mk := func(pid int64, blocks []string, when time.Time, lang string, answers ...string) int64 {
		n := harvestSeq.Add(1)
		o, err := harvest.CreateFromReflection(ctx, env.DB, harvest.ReflectionInput{
			ResponseID: 5_000_000 + n, PartnershipID: pid, RoundID: 1, RoundTitle: "Ronde 1", GroupName: "Groep A", Language: lang,
			Change: fmt.Sprintf("Verhaal %d", n), Sign: "positive", Blocks: blocks, SubmittedAt: when,
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range answers {
			s := harvest.Substantiation{OutcomeID: o.ID, PartnershipID: pid, Name: "Mentor", TokenHash: fmt.Sprintf("v-%d-%d", o.ID, i),
				CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(time.Hour), Agreement: a, Language: "nl"}
			if a != "" {
				now := time.Now().UTC()
				s.AnsweredAt = &now
			}
			if err := env.DB.Q(ctx).Create(&s).Error; err != nil {
				t.Fatal(err)
			}
		}
		return o.ID
	}
	at := func(m time.Month, day, hour int) time.Time { return time.Date(2026, m, day, hour, 30, 0, 0, time.UTC) }
	a := env.Fix.A.ID
	w.o1 = mk(a, []string{"training"}, at(time.January, 31, 23), "fr")
	w.o2 = mk(a, []string{"training", "guidance"}, at(time.February, 1, 0), "ar", "")
	w.o3 = mk(a, []string{"workplace"}, at(time.February, 10, 9), "ar", "agree")
	w.o4 = mk(a, []string{"training"}, at(time.February, 11, 9), "fr", "agree", "partly")
	w.o5 = mk(a, []string{"training"}, at(time.March, 1, 0), "ar", "disagree")
	w.o6 = mk(a, []string{"training"}, at(time.February, 28, 23), "ar", "dont_know")
	w.ob = mk(env.Fix.B.ID, []string{"training"}, at(time.February, 11, 10), "ar", "agree")
	return w
}

var inboxRowID = regexp.MustCompile(`class="outcome-row" data-id="(\d+)"`)

// inboxIDs are the outcomes an inbox page lists, in order, and its link to the older
// page ("" on the last).
func inboxIDs(t *testing.T, body string) ([]int64, string) {
	t.Helper()
	ids := []int64{}
	for _, m := range inboxRowID.FindAllStringSubmatch(body, -1) {
		var n int64
		fmt.Sscan(m[1], &n)
		ids = append(ids, n)
	}
	older := ""
	if m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(body); m != nil {
		older = html.UnescapeString(m[1])
	}
	return ids, older
}

// TestInboxViewFiltersOverHTTP (#17): the inbox's block, subst and month filters list
// exactly their outcomes, combined with each other, the language and paging (the
// older-page links keep the filters), and show the chosen values; the JSON API takes
// the same parameters and names a bad one in a 422.
func TestInboxViewFiltersOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newViewsWorld(t, d)
		coord := w.env.As(t, "coordinator@a")
		cases := []struct {
			query string
			want  []int64
		}{
			{"status=all&block=training", []int64{w.o5, w.o6, w.o4, w.o2, w.o1}},
			{"status=all&block=guidance", []int64{w.o2}},
			{"status=all&subst=none", []int64{w.o1}},
			{"status=all&subst=requested", []int64{w.o6, w.o2}},
			{"status=all&subst=agreed", []int64{w.o3}},
			{"status=all&subst=partly", []int64{w.o4}},
			{"status=all&subst=disagreed", []int64{w.o5}},
			{"status=all&month=2026-02", []int64{w.o6, w.o4, w.o3, w.o2}},
			{"status=all&month=2026-01", []int64{w.o1}},
			{"status=all&block=training&month=2026-02&language=ar", []int64{w.o6, w.o2}},
			{"block=training&month=2026-02&subst=partly", []int64{w.o4}}, // the default status: to review
		}
		for _, c := range cases {
			r := coord.Get(t, "/outcomes?"+c.query)
			got, _ := inboxIDs(t, r.Body)
			if r.Status != http.StatusOK || !slices.Equal(got, c.want) {
				t.Errorf("inbox ?%s: %d %v, want %v", c.query, r.Status, got, c.want)
			}
		}
		r := coord.Get(t, "/outcomes?status=all&block=guidance&subst=requested&month=2026-02")
		for _, sel := range []string{`<option value="guidance" selected>`, `<option value="requested" selected>`, `name="month" value="2026-02"`} {
			if !strings.Contains(r.Body, sel) {
				t.Errorf("inbox does not show the chosen filter %s", sel)
			}
		}

		// One outcome a page: the older links walk the filtered list and keep the filter.
		var seen []int64
		next := "/outcomes?status=all&block=training&month=2026-02&per_page=1"
		for i := 0; next != "" && i < 10; i++ {
			var ids []int64
			ids, next = inboxIDs(t, coord.Get(t, next).Body)
			seen = append(seen, ids...)
			if next != "" && (!strings.Contains(next, "block=training") || !strings.Contains(next, "month=2026-02")) {
				t.Errorf("older link lost the filter: %s", next)
			}
		}
		if want := []int64{w.o6, w.o4, w.o2}; !slices.Equal(seen, want) {
			t.Errorf("paged: %v, want %v", seen, want)
		}

		api := tokenClient(t, w.env, "coordinator@a")
		var body struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Total int64 `json:"total"`
		}
		r = api.Get(t, "/api/v1/outcomes?block=training&month=2026-02&subst=requested")
		r.JSON(t, &body)
		if r.Status != http.StatusOK || body.Total != 2 || len(body.Items) != 2 || body.Items[0].ID != w.o6 || body.Items[1].ID != w.o2 {
			t.Errorf("API filter: %d %s", r.Status, r.Body)
		}
		r = api.Get(t, "/api/v1/outcomes?subst=agreed&per_page=1&page=1")
		r.JSON(t, &body)
		if body.Total != 1 || len(body.Items) != 1 || body.Items[0].ID != w.o3 {
			t.Errorf("API agreed (B's agreed outcome must not count): %s", r.Body)
		}
		api.Lang = "fr"
		for _, bad := range []struct{ query, param string }{{"block=kitchen", "block"}, {"subst=maybe", "subst"}, {"month=2026-13", "month"}, {"month=2026-2", "month"}} {
			for _, path := range []string{"/api/v1/outcomes?", "/api/v1/outcomes/export.csv?", "/api/v1/outcomes/export.xlsx?"} {
				r := api.Get(t, path+bad.query)
				var e struct {
					Errors map[string]string `json:"errors"`
				}
				if r.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s%s: %d, want 422", path, bad.query, r.Status)
					continue
				}
				r.JSON(t, &e)
				if len(e.Errors) != 1 || e.Errors[bad.param] == "" || strings.Contains(e.Errors[bad.param], "views.") {
					t.Errorf("%s%s: errors %v do not name %s in French", path, bad.query, e.Errors, bad.param)
				}
			}
		}
	})
}

// TestSavedViewsOverHTTP (#17): a view saved from the inbox is a link that reproduces
// its filter for colleagues of the partnership when shared; a private one and any view
// of another partnership answer 404; the owner renames, a coordinator deletes a shared
// view; an empty name is refused beside the field.
func TestSavedViewsOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newViewsWorld(t, d)
		a := itoa(w.env.Fix.A.ID)
		partner := w.env.As(t, "partner@a")
		save := func(c *servertest.Client, name, query string, shared bool) (int64, string) {
			t.Helper()
			f := map[string][]string{"name": {name}, "query": {query}}
			if shared {
				f["shared"] = []string{"1"}
			}
			r := c.PostForm(t, "/outcomes/views", f)
			loc := r.Header.Get("Location")
			m := regexp.MustCompile(`[?&]view=(\d+)`).FindStringSubmatch(loc)
			if r.Status != http.StatusSeeOther || m == nil {
				t.Fatalf("save %q: %d %s %.500s", name, r.Status, loc, r.Body)
			}
			var id int64
			fmt.Sscan(m[1], &id)
			return id, loc
		}
		sharedID, loc := save(partner, "Opleiding in februari", "status=all&block=training&month=2026-02&before=1.1&n=3", true)
		privateID, _ := save(partner, "Mijn lijst", "status=all&subst=disagreed", false)
		// The saved link reproduces the filter (without the page it was saved on).
		if got, _ := inboxIDs(t, partner.Get(t, loc).Body); !slices.Equal(got, []int64{w.o6, w.o4, w.o2}) {
			t.Errorf("saved link %s lists %v", loc, got)
		}
		coord, mentor, other := w.env.As(t, "coordinator@a"), w.env.As(t, "mentor@a"), w.env.As(t, "coordinator@b")
		for who, c := range map[string]*servertest.Client{"coordinator@a": coord, "mentor@a": mentor} {
			r := c.Get(t, "/outcomes/views/"+itoa(sharedID))
			if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "block=training") || !strings.Contains(r.Header.Get("Location"), "partnership="+a) {
				t.Errorf("%s opens the shared view: %d %s", who, r.Status, r.Header.Get("Location"))
			}
			if r := c.Get(t, "/outcomes/views/"+itoa(privateID)); r.Status != http.StatusNotFound {
				t.Errorf("%s opens a colleague's private view: %d", who, r.Status)
			}
		}
		if got, _ := inboxIDs(t, coord.Get(t, coord.Get(t, "/outcomes/views/"+itoa(sharedID)).Header.Get("Location")).Body); !slices.Equal(got, []int64{w.o6, w.o4, w.o2}) {
			t.Errorf("colleague follows the shared view: %v", got)
		}
		for _, id := range []int64{sharedID, privateID} {
			if r := other.Get(t, "/outcomes/views/"+itoa(id)); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Opleiding in februari") {
				t.Errorf("another partnership opens view %d: %d", id, r.Status)
			}
		}
		inbox := coord.Get(t, "/outcomes").Body
		if !strings.Contains(inbox, "Opleiding in februari") || strings.Contains(inbox, "Mijn lijst") {
			t.Errorf("coordinator's inbox lists the wrong views")
		}
		if body := partner.Get(t, "/outcomes").Body; !strings.Contains(body, "Opleiding in februari") || !strings.Contains(body, "Mijn lijst") {
			t.Errorf("owner's inbox lacks her views")
		}
		if body := other.Get(t, "/outcomes").Body; strings.Contains(body, "Opleiding in februari") {
			t.Errorf("B's inbox lists A's view")
		}

		r := partner.PostForm(t, "/outcomes/views", map[string][]string{"name": {" "}, "query": {"status=all&sign=negative"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="view-name-error"`) {
			t.Errorf("empty name: %d", r.Status)
		}
		if r := coord.PostForm(t, "/outcomes/views/"+itoa(sharedID), map[string][]string{"name": {"Overgenomen"}}); r.Status != http.StatusForbidden {
			t.Errorf("coordinator renames a colleague's view: %d", r.Status)
		}
		if r := partner.PostForm(t, "/outcomes/views/"+itoa(privateID), map[string][]string{"name": {"Niet akkoord"}, "shared": {"1"}}); r.Status != http.StatusSeeOther {
			t.Errorf("owner renames and shares: %d", r.Status)
		}
		if r := coord.Get(t, "/outcomes/views/"+itoa(privateID)); r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "subst=disagreed") {
			t.Errorf("shared after rename: %d %s", r.Status, r.Header.Get("Location"))
		}
		if r := mentor.PostForm(t, "/outcomes/views/"+itoa(sharedID)+"/delete", nil); r.Status != http.StatusForbidden {
			t.Errorf("mentor deletes a shared view: %d", r.Status)
		}
		if r := coord.PostForm(t, "/outcomes/views/"+itoa(sharedID)+"/delete", nil); r.Status != http.StatusSeeOther {
			t.Errorf("coordinator deletes a shared view: %d", r.Status)
		}
		if r := partner.Get(t, "/outcomes/views/"+itoa(sharedID)); r.Status != http.StatusNotFound {
			t.Errorf("deleted view still opens: %d", r.Status)
		}
	})
}

// TestExportTranslationColumns (#17): CSV and XLSX exports carry each working
// language's translation beside the original, marked as machine draft or checked.
func TestExportTranslationColumns(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newViewsWorld(t, d)
		env, ctx := w.env, context.Background()
		sc, uid := env.Scope(t, "coordinator@a"), env.Fix.Users["coordinator@a"].ID
		if err := harvest.SetWorkingLanguages(ctx, env.DB, sc, env.Fix.A.ID, []string{"nl", "fr"}); err != nil {
			t.Fatal(err)
		}
		draft := harvest.Translation{OutcomeID: w.o2, Lang: "nl", Origin: harvest.OriginMachine, Service: "Fake", ChangeText: "Ik praat met de ouders",
			SignificanceText: "Ik durf meer", ContributionText: "De taalcoach", UpdatedAt: time.Now().UTC(), Version: 1}
		if err := env.DB.Q(ctx).Create(&draft).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SaveTranslation(ctx, env.DB, sc, uid, w.o2, "fr", harvest.TranslationInput{Change: "Je parle avec les parents", Significance: "J'ose plus", Contribution: "Le coach linguistique", Version: ptrInt(0)}); err != nil {
			t.Fatal(err)
		}
		// The filter picks o2, o4 and o6 (by id in the file); o4 has no translation.
		query := "?partnership=" + itoa(env.Fix.A.ID) + "&block=training&month=2026-02"
		want := map[string][]string{
			"Verandering (nl)": {"Ik praat met de ouders", "", ""}, "Belang (nl)": {"Ik durf meer", "", ""},
			"Bijdrage (nl)": {"De taalcoach", "", ""}, "Vertaling (nl)": {"Machinevertaling, niet nagekeken", "", ""},
			"Verandering (fr)": {"Je parle avec les parents", "", ""}, "Belang (fr)": {"J'ose plus", "", ""},
			"Bijdrage (fr)": {"Le coach linguistique", "", ""}, "Vertaling (fr)": {"Nagekeken", "", ""},
		}
		check := func(kind string, rows [][]string) {
			t.Helper()
			if len(rows) != 4 {
				t.Fatalf("%s: %d rows, want a header and 3: %v", kind, len(rows), rows)
			}
			head := rows[0]
			if ids := []string{rows[1][0], rows[2][0], rows[3][0]}; !slices.Equal(ids, []string{itoa(w.o2), itoa(w.o4), itoa(w.o6)}) {
				t.Errorf("%s: ids %v", kind, ids)
			}
			orig := slices.Index(head, "Verandering")
			if orig < 0 || rows[1][orig] == "" || slices.Index(head, "Verandering (nl)") <= orig {
				t.Errorf("%s: original change column missing or not before the translations: %v", kind, head)
			}
			for col, vals := range want {
				i := slices.Index(head, col)
				if i < 0 {
					t.Errorf("%s: no column %q in %v", kind, col, head)
					continue
				}
				for r, v := range vals {
					got := ""
					if i < len(rows[r+1]) {
						got = rows[r+1][i]
					}
					if got != v {
						t.Errorf("%s: row %d column %q = %q, want %q", kind, r+1, col, got, v)
					}
				}
			}
		}
		c := env.As(t, "coordinator@a")
		r := c.Get(t, "/api/v1/outcomes/export.csv"+query)
		if r.Status != http.StatusOK {
			t.Fatalf("csv: %d", r.Status)
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff")))
		cr.Comma = ';'
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		check("csv", rows)
		r = c.Get(t, "/api/v1/outcomes/export.xlsx"+query)
		x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if r.Status != http.StatusOK || err != nil {
			t.Fatalf("xlsx: %d %v", r.Status, err)
		}
		rows, err = x.GetRows(x.GetSheetList()[0])
		if err != nil {
			t.Fatal(err)
		}
		check("xlsx", rows)

		// A partnership that works in Dutch only gets no French columns.
		r = env.As(t, "coordinator@b").Get(t, "/api/v1/outcomes/export.csv")
		if first, _, _ := strings.Cut(r.Body, "\n"); !strings.Contains(first, "Verandering (nl)") || strings.Contains(first, "(fr)") {
			t.Errorf("B's header: %s", first)
		}
	})
}

func ptrInt(n int64) *int64 { return &n }
