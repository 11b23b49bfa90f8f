package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

func agendaOf(t *testing.T, env *servertest.Env, mid int64) string {
	t.Helper()
	mv, err := harvest.GetMeeting(context.Background(), env.DB, env.Scope(t, "coordinator@a"), mid)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range mv.Items {
		ids = append(ids, itoa(it.ID))
	}
	return strings.Join(ids, ",")
}

func manyIDs(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d,", i)
	}
	return b.String()
}

// TestMeetingAgendaOverHTTP: typed outcome numbers that are junk, another
// partnership's or far too many are refused with a translated message (never ignored,
// never a 500); the agenda editor adds, searches, moves and removes.
func TestMeetingAgendaOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		o1, _ := harvestOutcome(t, env, "a")
		o2, s2 := harvestOutcome(t, env, "a")
		ob, sb := harvestOutcome(t, env, "b")
		create := func(ids string) *servertest.Response {
			return c.PostForm(t, "/meetings", url.Values{"partnership": {itoa(env.Fix.A.ID)}, "title": {"Stuurgroep"}, "date": {"2026-05-01"}, "ids": {ids}})
		}
		for ids, want := range map[string]string{
			itoa(o1) + ", 1x":            "‘1x’ is geen uitkomstnummer",
			itoa(o1) + " " + itoa(ob):    "Geen uitkomst van dit samenwerkingsverband: #" + itoa(ob),
			manyIDs(40000):               "Een agenda telt hoogstens 200 uitkomsten",
			itoa(o1) + ", 9999999999999": "Geen uitkomst van dit samenwerkingsverband: #9999999999999",
		} {
			r := create(ids)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, want) {
				t.Errorf("create with %.40q: %d, want 422 with %q", ids, r.Status, want)
			}
		}
		var n int64
		env.DB.Q(context.Background()).Model(&harvest.Meeting{}).Count(&n)
		if n != 0 {
			t.Fatalf("%d meetings made from refused forms", n)
		}
		r := create(itoa(o1))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %.300s", r.Status, r.Body)
		}
		var mid int64
		fmt.Sscanf(r.Header.Get("Location"), "/meetings/%d", &mid)
		path := fmt.Sprintf("/meetings/%d/agenda", mid)

		if r := c.PostForm(t, path, url.Values{"ids": {itoa(ob)}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "#"+itoa(ob)) || strings.Contains(r.Body, sb) {
			t.Errorf("B's outcome added: %d", r.Status)
		}
		if r := c.PostForm(t, path, url.Values{"ids": {manyIDs(40000)}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("40,000 ids: %d", r.Status)
		}
		if r := c.PostForm(t, path, url.Values{"ids": {"  "}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Typ minstens één uitkomstnummer") {
			t.Errorf("no ids: %d", r.Status)
		}
		page := c.Get(t, path+"?q="+url.QueryEscape(s2[len(s2)-8:]))
		if page.Status != 200 || !strings.Contains(page.Body, "#"+itoa(o2)) {
			t.Errorf("search does not offer #%d: %d", o2, page.Status)
		}
		if page := c.Get(t, path+"?q="+itoa(ob)); strings.Contains(page.Body, sb) {
			t.Errorf("search offers B's outcome")
		}
		if r := c.PostForm(t, path, url.Values{"action": {"add"}, "outcome": {itoa(o2)}}); r.Status != http.StatusSeeOther {
			t.Errorf("add from search: %d %.300s", r.Status, r.Body)
		}
		if got := agendaOf(t, env, mid); got != itoa(o1)+","+itoa(o2) {
			t.Errorf("agenda %s", got)
		}
		c.PostForm(t, path, url.Values{"action": {"up"}, "outcome": {itoa(o2)}})
		if got := agendaOf(t, env, mid); got != itoa(o2)+","+itoa(o1) {
			t.Errorf("agenda after moving up: %s", got)
		}
		c.PostForm(t, path, url.Values{"action": {"remove"}, "outcome": {itoa(o2)}})
		if got := agendaOf(t, env, mid); got != itoa(o1) {
			t.Errorf("agenda after removing: %s", got)
		}
		// Notes saved in the background answer JSON.
		r = c.Do(t, http.MethodPost, fmt.Sprintf("/meetings/%d/notes", mid), strings.NewReader(url.Values{"_csrf": {c.CSRF(t)}, "outcome": {itoa(o1)}, "notes": {"achtergrond"}}.Encode()), "application/x-www-form-urlencoded")
		if r.Status != http.StatusSeeOther || !strings.Contains(agendaNotes(t, env, mid), "achtergrond") {
			t.Errorf("notes by form: %d", r.Status)
		}
	})
}

func agendaNotes(t *testing.T, env *servertest.Env, mid int64) string {
	t.Helper()
	mv, err := harvest.GetMeeting(context.Background(), env.DB, env.Scope(t, "coordinator@a"), mid)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, it := range mv.Items {
		notes = append(notes, it.Notes)
	}
	return strings.Join(notes, "|")
}

// TestAdjustmentEditAndCloseOverHTTP: an adjustment links several outcomes, is edited,
// and closing it asks for the result.
func TestAdjustmentEditAndCloseOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "partner@a")
		mid, o1, _, _ := harvestMeeting(t, env, "a")
		o2, _ := harvestOutcome(t, env, "a")
		ob, _ := harvestOutcome(t, env, "b")
		if err := harvest.AddAgendaItems(context.Background(), env.DB, env.Scope(t, "coordinator@a"), mid, []int64{o2}); err != nil {
			t.Fatal(err)
		}
		r := c.PostForm(t, fmt.Sprintf("/meetings/%d/adjustments", mid), url.Values{"description": {"Twee uitkomsten"}, "outcome": {itoa(o1), itoa(o2)}, "i": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add: %d %.300s", r.Status, r.Body)
		}
		var adj harvest.Adjustment
		env.DB.Q(context.Background()).Where("description = ?", "Twee uitkomsten").Take(&adj)
		sc := env.Scope(t, "partner@a")
		got, _ := harvest.GetAdjustment(context.Background(), env.DB, sc, adj.ID)
		if fmt.Sprint(got.OutcomeIDs) != fmt.Sprint([]int64{o1, o2}) {
			t.Errorf("linked to %v, want both", got.OutcomeIDs)
		}
		path := fmt.Sprintf("/adjustments/%d", adj.ID)
		if p := c.Get(t, path); p.Status != 200 || !strings.Contains(p.Body, "Twee uitkomsten") || !strings.Contains(p.Body, itoa(o1)+", "+itoa(o2)) {
			t.Errorf("adjustment page: %d", p.Status)
		}
		if r := c.PostForm(t, path+"/edit", url.Values{"description": {"Bewerkt"}, "outcomes": {itoa(o2) + ", " + itoa(ob)}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "#"+itoa(ob)) {
			t.Errorf("edit with B's outcome: %d", r.Status)
		}
		if r := c.PostForm(t, path+"/edit", url.Values{"description": {"Bewerkt"}, "owner": {"CVO"}, "due_on": {"2026-06-30"}, "outcomes": {itoa(o2)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %.300s", r.Status, r.Body)
		}
		got, _ = harvest.GetAdjustment(context.Background(), env.DB, sc, adj.ID)
		if got.Description != "Bewerkt" || got.Owner != "CVO" || got.DueOn == nil || got.DueOn.Format("2006-01-02") != "2026-06-30" || fmt.Sprint(got.OutcomeIDs) != fmt.Sprint([]int64{o2}) {
			t.Errorf("edited: %+v", got)
		}
		if r := c.PostForm(t, path, url.Values{"status": {"done"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Zeg wat de bijsturing opleverde") {
			t.Errorf("closed without a result: %d", r.Status)
		}
		if r := c.PostForm(t, path, url.Values{"status": {"done"}, "result": {"Loopt"}, "next": {path}}); r.Status != http.StatusSeeOther {
			t.Errorf("close: %d", r.Status)
		}
		got, _ = harvest.GetAdjustment(context.Background(), env.DB, sc, adj.ID)
		if got.Status != "done" || got.ResultNote != "Loopt" || got.ClosedOn == nil {
			t.Errorf("closed: %+v", got)
		}
		if p := c.Get(t, path); !strings.Contains(p.Body, "Loopt") {
			t.Errorf("the result is not shown")
		}
	})
}

// TestAddToNextMeetingOverHTTP: the outcome page's button puts the outcome on the
// earliest open meeting dated today or later, or says there is none.
func TestAddToNextMeetingOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		o, _ := harvestOutcome(t, env, "a")
		if p := c.Get(t, "/outcomes/"+itoa(o)); !strings.Contains(p.Body, fmt.Sprintf(`action="/outcomes/%d/next-meeting"`, o)) {
			t.Errorf("the outcome page has no next-meeting button")
		}
		if p := c.Get(t, "/outcomes"); !strings.Contains(p.Body, fmt.Sprintf(`formaction="/outcomes/%d/next-meeting"`, o)) {
			t.Errorf("the inbox has no next-meeting button")
		}
		r := c.PostForm(t, "/outcomes/"+itoa(o)+"/next-meeting", url.Values{"next": {"/outcomes"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/outcomes" {
			t.Fatalf("no meeting: %d %s", r.Status, r.Header.Get("Location"))
		}
		if p := c.Get(t, "/outcomes"); !strings.Contains(p.Body, "Er is geen open vergadering van dit samenwerkingsverband gepland") {
			t.Errorf("no meeting is not said")
		}
		sc := env.Scope(t, "coordinator@a")
		uid := env.Fix.Users["coordinator@a"].ID
		m, err := harvest.CreateMeeting(context.Background(), env.DB, sc, uid, harvest.MeetingInput{PartnershipID: env.Fix.A.ID, Title: "Volgende", HeldAt: time.Now().AddDate(0, 0, 7)})
		if err != nil {
			t.Fatal(err)
		}
		c.PostForm(t, "/outcomes/"+itoa(o)+"/next-meeting", nil)
		if got := agendaOf(t, env, m.ID); got != itoa(o) {
			t.Errorf("next meeting's agenda: %q", got)
		}
	})
}

var reportArticle = regexp.MustCompile(`(?s)<article class="report">.*</article>`)

// TestClosedMeetingReportAndPDFAreFrozen: after closing, marking the adjustment done
// and recoding the outcome change neither the report nor the PDF, except for the mark
// that the outcome changed since.
func TestClosedMeetingReportAndPDFAreFrozen(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		ctx := context.Background()
		mid, oid, aid, _ := harvestMeeting(t, env, "a")
		sc := env.Scope(t, "coordinator@a")
		uid := env.Fix.Users["coordinator@a"].ID
		if _, err := harvest.Update(ctx, env.DB, sc, uid, oid, harvest.Change{SummaryNL: ptrS("Oude samenvatting")}); err != nil {
			t.Fatal(err)
		}
		if err := harvest.SaveNote(ctx, env.DB, sc, mid, oid, "Notitie van de vergadering"); err != nil {
			t.Fatal(err)
		}
		if r := c.PostForm(t, fmt.Sprintf("/meetings/%d/close", mid), nil); r.Status != http.StatusSeeOther {
			t.Fatalf("close: %d %.300s", r.Status, r.Body)
		}
		report := func() string { return reportArticle.FindString(c.Get(t, fmt.Sprintf("/meetings/%d/report", mid)).Body) }
		pdf := func() string { return string(pdfPlain(t, c.Get(t, fmt.Sprintf("/meetings/%d/report.pdf", mid)).Body)) }
		before, pdfBefore := report(), pdf()
		if !strings.Contains(before, "Oude samenvatting") || !strings.Contains(pdfBefore, string(pdfUTF16("Oude samenvatting"))) {
			t.Fatalf("report before: %.500s", before)
		}
		time.Sleep(20 * time.Millisecond) // the outcome's change must come after closing
		if r := c.PostForm(t, fmt.Sprintf("/adjustments/%d", aid), url.Values{"status": {"done"}, "result": {"Resultaat later"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("close adjustment: %d", r.Status)
		}
		if r := c.PostForm(t, "/outcomes/"+itoa(oid), url.Values{"summary_nl": {"Nieuwe samenvatting"}, "status": {"new"}}); r.Status >= 400 {
			t.Fatalf("recode: %d %.300s", r.Status, r.Body)
		}
		after, pdfAfter := report(), pdf()
		mark := ` <span class="badge changed">gewijzigd sinds de vergadering</span>`
		if strings.Replace(after, mark, "", 1) != before || !strings.Contains(after, mark) {
			t.Errorf("report changed:\nbefore %s\nafter  %s", before, after)
		}
		for _, gone := range []string{"Nieuwe samenvatting", "Resultaat later"} {
			if strings.Contains(after, gone) || strings.Contains(pdfAfter, string(pdfUTF16(gone))) {
				t.Errorf("the frozen report shows %q", gone)
			}
		}
		for _, kept := range []string{"Oude samenvatting", "Notitie van de vergadering", "gewijzigd sinds de vergadering"} {
			if !strings.Contains(pdfAfter, string(pdfUTF16(kept))) {
				t.Errorf("the PDF lost %q", kept)
			}
		}
		if r := c.PostForm(t, fmt.Sprintf("/meetings/%d/notes", mid), url.Values{"outcome": {itoa(oid)}, "notes": {"te laat"}}); r.Status != http.StatusConflict {
			t.Errorf("note on a closed meeting: %d", r.Status)
		}
	})
}

// TestAdjustmentRemindersAreMailedOncePerDueDate runs the daily job under a fake clock
// with a recording mailer.
func TestAdjustmentRemindersAreMailedOncePerDueDate(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clock := &fakeClock{}
		set := func(s string) {
			tm, _ := time.Parse(time.RFC3339, s)
			clock.Set(tm)
		}
		set("2026-05-09T08:00:00Z")
		mail := &recordingMailer{}
		env := servertest.New(t, d, servertest.Options{Now: clock.Now, Mailer: mail, BaseURL: "https://oogst.example"})
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		mid, _, _, _ := harvestMeeting(t, env, "a")
		due := time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)
		adj, err := harvest.AddAdjustment(ctx, env.DB, sc, mid, harvest.AdjustmentInput{Description: "Taalcoach regelen", DueOn: &due})
		if err != nil {
			t.Fatal(err)
		}
		done, err := harvest.AddAdjustment(ctx, env.DB, sc, mid, harvest.AdjustmentInput{Description: "Al gedaan", DueOn: &due})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SetAdjustmentStatus(ctx, env.DB, sc, done.ID, "done", "klaar", due); err != nil {
			t.Fatal(err)
		}
		// An adjustment owned by a partner organisation goes to its people in the
		// partnership (partner@a works there), not to the coordinators.
		var org int64
		if err := d.Q(ctx).Raw("INSERT INTO organisations (name, kind) VALUES ('CVO', 'training_provider') RETURNING id").Scan(&org).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Exec("INSERT INTO partnership_organisations (partnership_id, organisation_id) VALUES (?, ?)", env.Fix.A.ID, org).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Exec("UPDATE memberships SET organisation_id = ? WHERE user_id = ?", org, env.Fix.Users["partner@a"].ID).Error; err != nil {
			t.Fatal(err)
		}
		owned, err := harvest.AddAdjustment(ctx, env.DB, sc, mid, harvest.AdjustmentInput{Description: "Lokaal zoeken", DueOn: &due, OwnerOrganisationID: &org})
		if err != nil {
			t.Fatal(err)
		}
		sent := func() []sentMail {
			mail.mu.Lock()
			defer mail.mu.Unlock()
			return append([]sentMail(nil), mail.sent...)
		}
		env.Server.Housekeeping(ctx)
		if n := len(sent()); n != 0 {
			t.Fatalf("%d reminders the day before", n)
		}
		set("2026-05-10T09:00:00Z")
		env.Server.Housekeeping(ctx)
		got := sent()
		if len(got) != 2 || got[0].to != "coordinator@a.test" || !strings.Contains(got[0].subject, "Taalcoach regelen") ||
			!strings.Contains(got[0].body, fmt.Sprintf("https://oogst.example/adjustments/%d", adj.ID)) || !strings.Contains(got[0].body, "2026-05-10") ||
			got[1].to != "partner@a.test" || !strings.Contains(got[1].subject, "Lokaal zoeken") || !strings.Contains(got[1].body, fmt.Sprintf("/adjustments/%d", owned.ID)) {
			t.Fatalf("reminders on the due date: %+v", got)
		}
		set("2026-05-11T10:00:00Z")
		env.Server.Housekeeping(ctx)
		if n := len(sent()); n != 2 {
			t.Errorf("%d reminders after a second day, want still 2", n)
		}
		later := time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)
		if _, err := harvest.UpdateAdjustment(ctx, env.DB, sc, adj.ID, harvest.AdjustmentInput{Description: "Taalcoach regelen", DueOn: &later}); err != nil {
			t.Fatal(err)
		}
		set("2026-05-12T11:00:00Z")
		env.Server.Housekeeping(ctx)
		if n := len(sent()); n != 3 {
			t.Errorf("%d reminders after the due date moved, want 3", n)
		}
	})
}

// TestMeetingNotesConflictOverHTTP: two people save notes on the same slide from the
// same starting text; the second gets a 409 with the first one's text (meeting mode
// then keeps both) instead of overwriting it unseen.
func TestMeetingNotesConflictOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		mid, oid, _, _ := harvestMeeting(t, env, "a")
		path := fmt.Sprintf("/meetings/%d/notes", mid)
		save := func(c *servertest.Client, notes, base string) *servertest.Response {
			form := url.Values{"_csrf": {c.CSRF(t)}, "outcome": {itoa(oid)}, "notes": {notes}, "base": {base}}
			req := strings.NewReader(form.Encode())
			c.Header = http.Header{"Accept": {"application/json"}}
			defer func() { c.Header = nil }()
			return c.Do(t, http.MethodPost, path, req, "application/x-www-form-urlencoded")
		}
		coord, partner := env.As(t, "coordinator@a"), env.As(t, "partner@a")
		if r := save(coord, "Eerste notitie", ""); r.Status != http.StatusOK {
			t.Fatalf("first save: %d %s", r.Status, r.Body)
		}
		r := save(partner, "Tweede notitie", "")
		var body struct{ Error, Current string }
		r.JSON(t, &body)
		if r.Status != http.StatusConflict || body.Current != "Eerste notitie" || !strings.Contains(body.Error, "intussen gewijzigd") {
			t.Errorf("second save from a stale base: %d %+v", r.Status, body)
		}
		if got := agendaNotes(t, env, mid); got != "Eerste notitie" {
			t.Errorf("notes overwritten: %q", got)
		}
		if r := save(partner, "Eerste notitie\n\nTweede notitie", "Eerste notitie"); r.Status != http.StatusOK {
			t.Errorf("merged save: %d", r.Status)
		}
		if r := save(coord, "Eerste notitie\n\nTweede notitie", "Eerste notitie"); r.Status != http.StatusOK {
			t.Errorf("saving what is already stored: %d", r.Status)
		}
		if got := agendaNotes(t, env, mid); got != "Eerste notitie\n\nTweede notitie" {
			t.Errorf("merged notes: %q", got)
		}
	})
}

var versionField = regexp.MustCompile(`name="version" value="([^"]+)"`)

// TestAdjustmentEditConflictOverHTTP: two people edit the same adjustment; the second
// save is refused with the first one's text shown and the second one's typing kept.
func TestAdjustmentEditConflictOverHTTP(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		_, _, aid, _ := harvestMeeting(t, env, "a")
		path := fmt.Sprintf("/adjustments/%d", aid)
		coord, partner := env.As(t, "coordinator@a"), env.As(t, "partner@a")
		version := func(body string) string {
			m := versionField.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no version field in %.300s", body)
			}
			return m[1]
		}
		v1 := version(coord.Get(t, path).Body)
		v2 := version(partner.Get(t, path).Body)
		if r := coord.PostForm(t, path+"/edit", url.Values{"description": {"Versie van de coördinator"}, "version": {v1}}); r.Status != http.StatusSeeOther {
			t.Fatalf("first edit: %d %.300s", r.Status, r.Body)
		}
		r := partner.PostForm(t, path+"/edit", url.Values{"description": {"Versie van de partner"}, "version": {v2}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Versie van de coördinator") || !strings.Contains(r.Body, "Versie van de partner") ||
			!strings.Contains(r.Body, "terwijl jij ze bewerkte") {
			t.Fatalf("stale edit: %d %.500s", r.Status, r.Body)
		}
		got, _ := harvest.GetAdjustment(context.Background(), env.DB, env.Scope(t, "partner@a"), aid)
		if got.Description != "Versie van de coördinator" {
			t.Errorf("overwritten: %q", got.Description)
		}
		if r := partner.PostForm(t, path+"/edit", url.Values{"description": {"Versie van de partner"}, "version": {version(r.Body)}}); r.Status != http.StatusSeeOther {
			t.Errorf("knowing save after the conflict: %d", r.Status)
		}
		got, _ = harvest.GetAdjustment(context.Background(), env.DB, env.Scope(t, "partner@a"), aid)
		if got.Description != "Versie van de partner" {
			t.Errorf("after the knowing save: %q", got.Description)
		}
	})
}
