package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/harvest"
	"oogst/locale"
	"oogst/markers"
	"oogst/server/servertest"
	"oogst/survey"
)

// homeWork fills partnership A with work of every kind and B with outcomes to review,
// so each role's start page can be checked line by line.
func homeWork(t *testing.T, env *servertest.Env) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	d := env.DB
	a, b := env.Fix.A.ID, env.Fix.B.ID
	sc := env.Scope(t, "coordinator@a")
	uid := env.Fix.Users["coordinator@a"].ID
	// A: two new outcomes, a coded one with an answered substantiation.
	reflectOutcome(t, env, a, 1, "Groep A", "nl", "Ik bel zelf", "positive")
	reflectOutcome(t, env, a, 2, "Groep A", "nl", "Ik kom op tijd", "positive")
	coded := reflectOutcome(t, env, a, 3, "Groep A", "nl", "Ik lees de brief", "positive")
	code := harvestPreset(t, d, "self_confidence")
	if _, err := harvest.Update(ctx, d, sc, uid, coded, harvest.Change{CodeIDs: &[]int64{code}}); err != nil {
		t.Fatal(err)
	}
	token, _, err := harvest.RequestSubstantiation(ctx, d, sc, uid, coded, harvest.SubstRequest{Name: "Sara", Role: "mentor"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := harvest.AnswerSubstantiation(ctx, d, token, agreeAll(), now); err != nil {
		t.Fatal(err)
	}
	// A: one adjustment overdue, one due next week, one far off, one overdue but done.
	day := func(n int) *time.Time { t := now.UTC().AddDate(0, 0, n); return &t }
	for _, adj := range []harvest.Adjustment{{DueOn: day(-3), Status: "open"}, {DueOn: day(7), Status: "open"}, {DueOn: day(60), Status: "open"}, {DueOn: day(-9), Status: "done"}} {
		adj.PartnershipID, adj.Description = a, "Bijsturing"
		if err := d.Q(ctx).Create(&adj).Error; err != nil {
			t.Fatal(err)
		}
	}
	// A: a boundary partner with two markers, a current period, an empty journal and one
	// partner proposal waiting.
	bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: a, Name: "Kinderopvang Zon"})
	if err != nil {
		t.Fatal(err)
	}
	var ms []markers.Marker
	for _, txt := range []string{"Belt terug", "Neemt stagiairs"} {
		m, err := markers.AddMarker(ctx, d, sc, bp.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": txt}})
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, m)
	}
	per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: a, Label: "Dit kwartaal",
		StartsOn: now.AddDate(0, 0, -20).Format("2006-01-02"), EndsOn: now.AddDate(0, 0, 20).Format("2006-01-02")})
	if err != nil {
		t.Fatal(err)
	}
	if err := markers.SaveJournal(ctx, d, sc, bp.ID, per.ID, markers.JournalInput{Entries: map[int64]markers.EntryInput{ms[0].ID: {Rating: "low"}}}); err != nil {
		t.Fatal(err)
	}
	T := func(id, lang string, kv ...any) string { return id }
	sv, err := markers.CreateSurvey(ctx, d, sc, bp.ID, per.ID, T, now.AddDate(0, 0, 30), now)
	if err != nil {
		t.Fatal(err)
	}
	ans := map[string]survey.Answer{markers.RatingQuestion(ms[0].ID): survey.TextAnswer("high"), markers.RatingQuestion(ms[1].ID): survey.TextAnswer("medium")}
	if _, _, err := survey.SubmitWith(ctx, d, survey.Sinks{Responses: markers.ProposalSink{}}, sv.Code, survey.Submission{ID: uuid.NewString(), Language: "nl", Answers: ans}, now); err != nil {
		t.Fatal(err)
	}
	// A: a round open now for Groep A, with no answers yet.
	surveyRound(t, env, "a", "Lente", true)
	// B: five new outcomes, a round of its own.
	for i := 0; i < 5; i++ {
		reflectOutcome(t, env, b, int64(10+i), "Groep A", "nl", "Verhaal van B", "positive")
	}
	surveyRound(t, env, "b", "Geheime ronde van B", true)
}

// The start page is a task list per role, each line a link to the filtered page; no
// line and no count of partnership B reaches A's people.
func TestHomeTaskListPerRole(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		homeWork(t, env)
		a, b := env.Fix.A.ID, env.Fix.B.ID
		link := func(href, text string) string { return fmt.Sprintf(`<a href="%s">%s</a>`, href, text) }
		var bp int64
		env.DB.Q(context.Background()).Model(&markers.BoundaryPartner{}).Where("partnership_id = ?", a).Pluck("id", &bp)
		var per int64
		env.DB.Q(context.Background()).Model(&markers.Period{}).Where("partnership_id = ?", a).Pluck("id", &per)
		journal := fmt.Sprintf("/markers/partners/%d/journals/%d", bp, per)
		var roundA int64
		env.DB.Q(context.Background()).Model(&survey.Round{}).Where("partnership_id = ? AND title = ?", a, "Lente").Pluck("id", &roundA)
		cases := map[string]struct{ want, not []string }{
			"coordinator@a": {want: []string{
				link(fmt.Sprintf("/outcomes?partnership=%d&amp;status=new", a), "2 nieuwe uitkomsten na te kijken"),
				link(fmt.Sprintf("/outcomes?partnership=%d&amp;status=coded", a), "1 bevestiging beantwoord, de uitkomst is nog niet bevestigd"),
				`<li class="urgent">` + link("/meetings", "1 bijsturing is te laat"),
				link("/meetings", "1 bijsturing moet klaar zijn binnen 14 dagen"),
				link(journal, "2 voorstellen van de partner wachten: Kinderopvang Zon, Dit kwartaal"),
				link(journal, "Dagboek Kinderopvang Zon (Dit kwartaal): 1 van 2 markers ingevuld"),
				link(fmt.Sprintf("/survey/rounds/%d", roundA), "Ronde Lente is open: 0 antwoorden"),
			}, not: []string{"5 nieuwe", "Geheime ronde van B", fmt.Sprintf("partnership=%d", b)}},
			// Partners review outcomes and fill in journals; proposals are decided by
			// coordinators.
			"partner@a": {want: []string{
				link(fmt.Sprintf("/outcomes?partnership=%d&amp;status=new", a), "2 nieuwe uitkomsten na te kijken"),
				link(journal, "Dagboek Kinderopvang Zon (Dit kwartaal): 1 van 2 markers ingevuld"),
			}, not: []string{"voorstellen", "5 nieuwe", "Geheime ronde van B"}},
			// Mentors: their group's open round only.
			"mentor@a": {want: []string{link(fmt.Sprintf("/survey/rounds/%d", roundA), "Ronde Lente is open: 0 antwoorden")},
				not: []string{"na te kijken", "bijsturing", "Dagboek", "voorstel", "Geheime ronde van B"}},
			"coordinator@b": {want: []string{link(fmt.Sprintf("/outcomes?partnership=%d&amp;status=new", b), "5 nieuwe uitkomsten na te kijken")},
				not: []string{"2 nieuwe", "bijsturing", "Kinderopvang Zon", "Lente"}},
		}
		for who, tc := range cases {
			r := env.As(t, who).Get(t, "/dashboard")
			if r.Status != 200 {
				t.Fatalf("%s: %d", who, r.Status)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s's start page lacks %s", who, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r.Body, n) {
					t.Errorf("%s's start page shows %q", who, n)
				}
			}
		}
	})
}
