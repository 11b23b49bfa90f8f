package markers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/apperr"
	"oogst/db"
	"oogst/markers"
	"oogst/survey"
)

// fakeT stands in for the locale bundle: it shows which message and language were used.
func fakeT(id, lang string, kv ...any) string { return fmt.Sprintf("[%s]%s%v", lang, id, kv) }

func sendSurvey(t *testing.T, d *db.DB, w *world, periodID int64, now time.Time) markers.Survey {
	t.Helper()
	sv, err := markers.CreateSurvey(context.Background(), d, w.coordA, w.bp.ID, periodID, fakeT, now.AddDate(0, 0, 30), now)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

// answer submits one partner response through the survey engine with the proposal hook.
func answer(t *testing.T, d *db.DB, code string, answers map[string]string, now time.Time) {
	t.Helper()
	sub := survey.Submission{ID: uuid.NewString(), Language: "fr", Answers: map[string]survey.Answer{}}
	for k, v := range answers {
		sub.Answers[k] = survey.TextAnswer(v)
	}
	if _, created, err := survey.SubmitWith(context.Background(), d, survey.Sinks{Responses: markers.ProposalSink{}}, code, sub, now); err != nil || !created {
		t.Fatalf("submit: created=%v err=%v", created, err)
	}
}

func proposalsByMarker(t *testing.T, d *db.DB, w *world, periodID int64) map[int64][]markers.Proposal {
	t.Helper()
	js, err := markers.LoadJournalSurveys(context.Background(), d, w.coordA, w.bp.ID, periodID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64][]markers.Proposal{}
	for _, p := range js.Proposals {
		out[p.MarkerID] = append(out[p.MarkerID], p)
	}
	return out
}

func entryOf(t *testing.T, d *db.DB, w *world, periodID, markerID int64) *markers.Entry {
	t.Helper()
	v, err := markers.LoadJournal(context.Background(), d, w.coordA, w.bp.ID, periodID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Rows {
		if r.Marker.ID == markerID {
			return r.Entry
		}
	}
	return nil
}

func TestMarkerSurveyFormAndRound(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		now := time.Now()
		m1 := add(t, d, w, markers.Expect, "Verwijst cursisten door")
		m2 := add(t, d, w, markers.Love, "Werkt samen aan begeleiding")
		old := add(t, d, w, markers.Like, "Oude marker")
		if _, err := markers.RetireMarker(ctx, d, w.coordA, old.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := markers.CreateSurvey(ctx, d, w.partnerA, w.bp.ID, w.q1.ID, fakeT, now.AddDate(0, 0, 5), now); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("partner creates survey: %v, want forbidden", err)
		}
		if _, err := markers.CreateSurvey(ctx, d, w.coordB, w.bp.ID, w.q1.ID, fakeT, now.AddDate(0, 0, 5), now); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership creates survey: %v, want not found", err)
		}
		sv := sendSurvey(t, d, w, w.q1.ID, now)
		if len(sv.Code) != survey.StaffCodeLength || sv.Organisation != w.bp.Name {
			t.Fatalf("survey %+v", sv)
		}
		r, _, def, err := survey.RoundByCode(ctx, d, sv.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !r.ForStaff || !r.AnonymousAllowed || r.ID != sv.RoundID || r.PartnershipID != w.fix.A.ID {
			t.Fatalf("round %+v", r)
		}
		var ids []string
		for _, q := range def.Questions {
			ids = append(ids, q.ID)
		}
		want := []string{markers.RatingQuestion(m1.ID), markers.EvidenceQuestion(m1.ID), markers.RatingQuestion(m2.ID), markers.EvidenceQuestion(m2.ID), markers.RespondentQuestion}
		if strings.Join(ids, ",") != strings.Join(want, ",") {
			t.Fatalf("questions %v, want %v (the retired marker left out)", ids, want)
		}
		q, _ := def.Question(markers.RatingQuestion(m1.ID))
		if q.Type != survey.SingleChoice || !q.Required || len(q.Options) != 5 || q.Options[3].ID != "high" || q.Options[4].ID != markers.DontKnow {
			t.Fatalf("rating question %+v", q)
		}
		if got := q.Text["fr"]; !strings.HasPrefix(got, "[fr]markersurvey.q.rating") || !strings.Contains(got, "Verwijst cursisten door") {
			t.Fatalf("French question text %q", got)
		}
		if strings.Join(def.Languages, ",") != "nl,fr,en" {
			t.Fatalf("languages %v", def.Languages)
		}
		// Partner staff hold this code: no cursists listed, no cursist codes taken.
		if cs, err := survey.RoundCursists(ctx, d, r); err != nil || len(cs) != 0 {
			t.Fatalf("cursists of a staff round: %v %v", cs, err)
		}
		kaaa := "KAAA"
		_, _, err = survey.SubmitWith(ctx, d, survey.Sinks{Responses: markers.ProposalSink{}}, sv.Code, survey.Submission{ID: uuid.NewString(), Language: "nl", Cursist: &kaaa,
			Answers: map[string]survey.Answer{markers.RatingQuestion(m1.ID): survey.TextAnswer("low"), markers.RatingQuestion(m2.ID): survey.TextAnswer("low")}}, now)
		if !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("cursist code on a staff round: %v", err)
		}
	})
}

func TestMarkerSurveyProposals(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		now := time.Now()
		m1 := add(t, d, w, markers.Expect, "Verwijst cursisten door")
		m2 := add(t, d, w, markers.Like, "Deelt informatie")
		sv := sendSurvey(t, d, w, w.q2.ID, now)
		src := func(org string) string { return "Zelfevaluatie door " + org }

		// Create from a submission.
		answer(t, d, sv.Code, map[string]string{markers.RatingQuestion(m1.ID): "high", markers.EvidenceQuestion(m1.ID): "Drie cursisten doorverwezen",
			markers.RatingQuestion(m2.ID): "low", markers.RespondentQuestion: "An, teamleider"}, now)
		ps := proposalsByMarker(t, d, w, w.q2.ID)
		if len(ps[m1.ID]) != 1 || len(ps[m2.ID]) != 1 {
			t.Fatalf("proposals %+v", ps)
		}
		p1 := ps[m1.ID][0]
		if p1.Rating != markers.High || p1.Text != "Drie cursisten doorverwezen" || p1.Respondent != "An, teamleider" || p1.Status != markers.Pending || p1.SurveyID != sv.ID {
			t.Fatalf("proposal %+v", p1)
		}
		if e := entryOf(t, d, w, w.q2.ID, m1.ID); e != nil {
			t.Fatalf("a proposal is not yet an entry: %+v", e)
		}

		// Partners see proposals but do not decide; another partnership gets 404.
		if _, err := markers.AcceptProposal(ctx, d, w.partnerA, p1.ID, markers.AcceptInput{Rating: "high"}, now); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("partner accepts: %v", err)
		}
		if _, err := markers.AcceptProposal(ctx, d, w.coordB, p1.ID, markers.AcceptInput{Rating: "high"}, now); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership accepts: %v", err)
		}
		if _, err := markers.RejectProposal(ctx, d, w.coordB, p1.ID, now); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership rejects: %v", err)
		}
		if _, err := markers.LoadJournalSurveys(ctx, d, w.coordB, w.bp.ID, w.q2.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership lists proposals: %v", err)
		}

		// Accept as proposed.
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, p1.ID, markers.AcceptInput{Rating: string(p1.Rating), Text: p1.Text, Source: src}, now); err != nil {
			t.Fatal(err)
		}
		e := entryOf(t, d, w, w.q2.ID, m1.ID)
		if e == nil || e.Rating != markers.High || e.Description != "Drie cursisten doorverwezen" || e.Evidence != "Zelfevaluatie door Kinderopvang Zonnetje" ||
			e.RecordedBy == nil || *e.RecordedBy != w.coordA.UserID {
			t.Fatalf("entry after accept %+v", e)
		}
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, p1.ID, markers.AcceptInput{Rating: "low", Source: src}, now); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("accepting twice: %v", err)
		}

		// A second respondent: edit then accept, and reject.
		answer(t, d, sv.Code, map[string]string{markers.RatingQuestion(m1.ID): "medium", markers.EvidenceQuestion(m1.ID): "Soms",
			markers.RatingQuestion(m2.ID): "not_observed"}, now)
		ps = proposalsByMarker(t, d, w, w.q2.ID)
		p1b, p2b := ps[m1.ID][1], ps[m2.ID][1]
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, p1b.ID, markers.AcceptInput{Rating: "nonsense", Source: src}, now); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("bad rating: %v", err)
		}
		got, err := markers.AcceptProposal(ctx, d, w.coordA, p1b.ID, markers.AcceptInput{Rating: "low", Text: "Soms, bij nieuwe cursisten", Source: src}, now)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != markers.Accepted || got.AcceptedRating != "low" || got.AcceptedText != "Soms, bij nieuwe cursisten" {
			t.Fatalf("edited proposal %+v", got)
		}
		e = entryOf(t, d, w, w.q2.ID, m1.ID)
		if e.Rating != markers.Low || e.Description != "Drie cursisten doorverwezen\n\nSoms, bij nieuwe cursisten" || e.Evidence != "Zelfevaluatie door Kinderopvang Zonnetje" {
			t.Fatalf("entry after edit+accept %+v", e)
		}
		if _, err := markers.RejectProposal(ctx, d, w.coordA, p2b.ID, now); err != nil {
			t.Fatal(err)
		}
		if e := entryOf(t, d, w, w.q2.ID, m2.ID); e != nil {
			t.Fatalf("rejected proposal made an entry %+v", e)
		}
		js, err := markers.LoadJournalSurveys(ctx, d, w.partnerA, w.bp.ID, w.q2.ID)
		if err != nil {
			t.Fatal(err)
		}
		status := map[markers.ProposalStatus]int{}
		for _, p := range js.Proposals {
			status[p.Status]++
		}
		if status[markers.Accepted] != 2 || status[markers.Rejected] != 1 || status[markers.Pending] != 1 || js.Responses[sv.ID] != 2 || js.CanDecide {
			t.Fatalf("history %v responses %v canDecide %v", status, js.Responses, js.CanDecide)
		}
		if js.Names[w.coordA.UserID] == "" {
			t.Fatalf("decider's name missing: %v", js.Names)
		}

		// The journal-level texts survive an accept.
		if err := markers.SaveJournal(ctx, d, w.coordA, w.bp.ID, w.q2.ID, markers.JournalInput{Lessons: "Les"}); err != nil {
			t.Fatal(err)
		}
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, ps[m2.ID][0].ID, markers.AcceptInput{Rating: "low", Source: src}, now); err != nil {
			t.Fatal(err)
		}
		v, _ := markers.LoadJournal(ctx, d, w.coordA, w.bp.ID, w.q2.ID)
		if v.Journal.Lessons != "Les" {
			t.Fatalf("lessons lost: %+v", v.Journal)
		}
	})
}

func TestMarkerSurveyRetiredMarkers(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		now := time.Now()
		m1 := add(t, d, w, markers.Expect, "Verwijst cursisten door")
		m2 := add(t, d, w, markers.Like, "Deelt informatie")
		future, err := markers.CreatePeriod(ctx, d, w.coordA, markers.PeriodInput{PartnershipID: w.fix.A.ID, Label: "2099", StartsOn: "2099-01-01", EndsOn: "2099-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		svPast, svFuture := sendSurvey(t, d, w, w.q3.ID, now), sendSurvey(t, d, w, future.ID, now)
		all := map[string]string{markers.RatingQuestion(m1.ID): "medium", markers.RatingQuestion(m2.ID): "high"}
		// m2 is retired after the surveys went out, before the answers came in.
		if _, err := markers.RetireMarker(ctx, d, w.coordA, m2.ID); err != nil {
			t.Fatal(err)
		}
		answer(t, d, svPast.Code, all, now)
		answer(t, d, svFuture.Code, all, now)
		past, fut := proposalsByMarker(t, d, w, w.q3.ID), proposalsByMarker(t, d, w, future.ID)
		if len(past[m2.ID]) != 1 || len(fut[m2.ID]) != 1 {
			t.Fatalf("answers about a marker retired later are kept: %v %v", past, fut)
		}
		// Q3 began before the retirement: the journal still shows m2, the proposal goes in.
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, past[m2.ID][0].ID, markers.AcceptInput{Rating: "high"}, now); err != nil {
			t.Fatal(err)
		}
		if e := entryOf(t, d, w, w.q3.ID, m2.ID); e == nil || e.Rating != markers.High {
			t.Fatalf("entry for a retired marker %+v", e)
		}
		// 2099 begins after it: m2 is not in that journal, so its proposal cannot go in.
		if _, err := markers.AcceptProposal(ctx, d, w.coordA, fut[m2.ID][0].ID, markers.AcceptInput{Rating: "high"}, now); !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("accept for a marker retired before the period: %v", err)
		}
		if _, err := markers.RejectProposal(ctx, d, w.coordA, fut[m2.ID][0].ID, now); err != nil {
			t.Fatalf("rejecting it still works: %v", err)
		}
		// A new survey leaves the retired marker out.
		sv := sendSurvey(t, d, w, future.ID, now)
		_, _, def, err := survey.RoundByCode(ctx, d, sv.Code)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := def.Question(markers.RatingQuestion(m2.ID)); ok {
			t.Fatal("retired marker asked again")
		}
	})
}
