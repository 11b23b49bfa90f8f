package server

import (
	"slices"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/locale"
)

// contributionForm is what the reviewer set on barriers, actor, strength and note.
type contributionForm struct {
	Barriers              []int64
	Actor, Strength, Note string
}

// barrierSection is the barriers part of the outcome page's review form.
type barrierSection struct {
	Choices           []codeChoice
	Actors, Strengths []string
	Actor, Strength   string
	Note              string
}

// actorMsgIDs and strengthMsgIDs name each choice's message, for pages and exports.
var (
	actorMsgIDs = map[string]string{
		"cursist": "barriers.actor.cursist", "workplace": "barriers.actor.workplace",
		"training_provider": "barriers.actor.training_provider", "job_coach": "barriers.actor.job_coach",
		"family": "barriers.actor.family", "other": "barriers.actor.other",
	}
	strengthMsgIDs = map[string]string{
		"none": "barriers.strength.none", "partial": "barriers.strength.partial", "substantial": "barriers.strength.substantial",
	}
)

// choiceLabel is a choice's label in l's language, "" when none was made.
func choiceLabel(l *locale.Localizer, ids map[string]string, v string) string {
	if id, ok := ids[v]; ok {
		return l.T(id)
	}
	return v
}

func contributionOf(o harvest.Outcome) contributionForm {
	f := contributionForm{Actor: o.Actor, Strength: o.ContributionStrength, Note: o.SignificanceNote, Barriers: []int64{}}
	for _, b := range o.Barriers {
		f.Barriers = append(f.Barriers, b.ID)
	}
	return f
}

func contributionFrom(c echo.Context) contributionForm {
	return contributionForm{Barriers: formIDs(c.Request().Form["barrier"]), Actor: c.FormValue("actor"),
		Strength: c.FormValue("contribution_strength"), Note: c.FormValue("significance_note")}
}

// apply puts the form's values into a change: the page always sends the whole set.
func (f contributionForm) apply(ch *harvest.Change) {
	barriers := f.Barriers
	if barriers == nil {
		barriers = []int64{}
	}
	ch.BarrierIDs, ch.Actor, ch.ContributionStrength, ch.SignificanceNote = &barriers, &f.Actor, &f.Strength, &f.Note
}

// barrierSection lists the barriers the outcome's partnership may use, ticked as in f;
// a retired barrier is offered only where it is already ticked.
func (s *Server) barrierSection(c echo.Context, o harvest.Outcome, f contributionForm) (barrierSection, error) {
	bs, err := harvest.BarrierTerms().List(c.Request().Context(), s.db, scopeOf(c), o.PartnershipID)
	if err != nil {
		return barrierSection{}, err
	}
	sec := barrierSection{Actors: harvest.Actors, Strengths: harvest.ContributionStrengths, Actor: f.Actor, Strength: f.Strength, Note: f.Note}
	lang := s.loc(c).Lang
	for _, b := range bs {
		on := slices.Contains(f.Barriers, b.ID)
		if b.RetiredAt != nil && !on {
			continue
		}
		sec.Choices = append(sec.Choices, codeChoice{ID: b.ID, Name: b.Name(lang), Checked: on, Retired: b.RetiredAt != nil})
	}
	return sec, nil
}

// contributionConflictRows compare the stored barriers, actor, strength and note with
// what the reviewer typed, for the two-editors page.
func contributionConflictRows(l *locale.Localizer, d *outcomeData) []conflictRow {
	o, f := d.O, d.Form.Contribution
	var theirs, yours []string
	for _, b := range o.Barriers {
		theirs = append(theirs, b.Name(l.Lang))
	}
	for _, ch := range d.Barriers.Choices {
		if slices.Contains(f.Barriers, ch.ID) {
			yours = append(yours, ch.Name)
		}
	}
	sort.Strings(theirs)
	sort.Strings(yours)
	return []conflictRow{
		{l.T("barriers.outcome.barriers"), strings.Join(theirs, ", "), strings.Join(yours, ", ")},
		{l.T("barriers.outcome.actor"), choiceLabel(l, actorMsgIDs, o.Actor), choiceLabel(l, actorMsgIDs, f.Actor)},
		{l.T("barriers.outcome.strength"), choiceLabel(l, strengthMsgIDs, o.ContributionStrength), choiceLabel(l, strengthMsgIDs, f.Strength)},
		{l.T("barriers.outcome.note"), o.SignificanceNote, strings.TrimSpace(f.Note)},
	}
}

// barrierChart is the dashboard's outcomes per barrier, stacked by sign like the codes.
func barrierChart(a harvest.Aggregates, lang string) chart {
	var labels []string
	var vals [][]int64
	for _, b := range a.ByBarrier {
		labels = append(labels, b.Barrier.Name(lang))
		vals = append(vals, []int64{b.Positive, b.Negative, b.Both, b.Unsigned})
	}
	return newChart("barriers", "barriers.chart.title", signSeries, signClasses, labels, vals)
}
