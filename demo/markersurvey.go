package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/frontend"
	"oogst/locale"
	"oogst/markers"
	"oogst/people"
	"oogst/survey"
)

// surveyPeriod is the demo period whose journals are not written yet: the marker
// surveys go out for it, so the journal page shows partner answers waiting for the
// coordinator.
const surveyPeriod = "Semester 1 2026"

// surveyAnswers are what the childcare organiser's staff answer, by marker level.
var surveyAnswers = map[markers.Level]struct {
	rating   markers.Rating
	evidence string
}{
	markers.Expect: {markers.High, "Elke cursist heeft sinds januari een vaste mentor op de werkvloer; we bespreken de stage samen met de trajectbegeleider."},
	markers.Like:   {markers.Medium, "In twee van onze drie locaties loopt het goed; in de derde ontbreekt nog tijd voor overleg."},
	markers.Love:   {markers.Low, "We hebben het besproken met de directie, maar er is nog geen beslissing."},
}

// loadMarkerSurveys sends, in every demo partnership, a marker survey to the childcare
// organiser for surveyPeriod and files one answer from its staff, as a partner would
// through /m/{code}. A partnership whose organiser already has a survey for that
// period is left alone, so a second run creates nothing.
func loadMarkerSurveys(ctx context.Context, d *db.DB) (int, string, error) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		return 0, "", fmt.Errorf("demo marker surveys: %w", err)
	}
	T := func(id, lang string, kv ...any) string { return bundle.Localizer(lang).T(id, kv...) }
	now := time.Now().UTC()
	created := 0
	for _, ps := range partnerships {
		p, sc, err := asCoordinator(ctx, d, ps)
		if err != nil {
			return created, "", fmt.Errorf("demo marker surveys: %w", err)
		}
		bp, per, ok, err := organiserAndPeriod(ctx, d, sc, p.ID)
		if err != nil || !ok {
			return created, "", err
		}
		have, err := markers.LoadJournalSurveys(ctx, d, sc, bp.ID, per.ID)
		if err != nil {
			return created, "", err
		}
		if len(have.Surveys) > 0 {
			continue
		}
		sv, err := markers.CreateSurvey(ctx, d, sc, bp.ID, per.ID, T, now.AddDate(0, 0, markers.SurveyDays), now)
		if err != nil {
			return created, "", fmt.Errorf("demo marker surveys: survey for %s: %w", bp.Name, err)
		}
		ms, err := markers.Markers(ctx, d, sc, bp.ID, false)
		if err != nil {
			return created, "", err
		}
		sub := survey.Submission{ID: uuid.NewString(), Language: "nl", Answers: map[string]survey.Answer{}}
		put := func(q, v string) { sub.Answers[q] = survey.TextAnswer(v) }
		for _, m := range ms {
			a := surveyAnswers[m.Level]
			put(markers.RatingQuestion(m.ID), string(a.rating))
			put(markers.EvidenceQuestion(m.ID), a.evidence)
		}
		put(markers.RespondentQuestion, "Verantwoordelijke kinderopvang")
		if _, _, err := survey.SubmitWith(ctx, d, survey.Sinks{Responses: markers.ProposalSink{}}, sv.Code, sub, now); err != nil {
			return created, "", fmt.Errorf("demo marker surveys: answer for %s: %w", bp.Name, err)
		}
		created += 2 + len(ms) // survey with its round, response, proposals
	}
	return created, "", nil
}

// organiserAndPeriod finds the partnership's childcare-organiser boundary partner and
// the survey period; ok is false when the demo markers have not made them.
func organiserAndPeriod(ctx context.Context, d *db.DB, sc people.Scope, pid int64) (markers.BoundaryPartner, markers.Period, bool, error) {
	bps, err := markers.Partners(ctx, d, sc, pid)
	if err != nil {
		return markers.BoundaryPartner{}, markers.Period{}, false, err
	}
	periods, err := markers.Periods(ctx, d, sc, pid)
	if err != nil {
		return markers.BoundaryPartner{}, markers.Period{}, false, err
	}
	var per *markers.Period
	for i := range periods {
		if periods[i].Label == surveyPeriod {
			per = &periods[i]
		}
	}
	for _, bp := range bps {
		if bp.OrganisationID == nil || per == nil {
			continue
		}
		var o people.Organisation
		if err := d.Q(ctx).First(&o, *bp.OrganisationID).Error; err != nil {
			return markers.BoundaryPartner{}, markers.Period{}, false, fmt.Errorf("demo marker surveys: organisation of %s: %w", bp.Name, err)
		}
		if o.Kind == people.OrgChildcareOrganiser {
			return bp, *per, true, nil
		}
	}
	return markers.BoundaryPartner{}, markers.Period{}, false, nil
}
