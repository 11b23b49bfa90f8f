package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"oogst/db"
	"oogst/markers"
	"oogst/people"
)

// markersBP is a demo boundary partner: the organisation kind it stands for, its outcome
// challenge and the example markers it starts with.
type markersBP struct {
	kind      people.OrgKind
	challenge string
	examples  []string
}

var markersBPs = []markersBP{
	{people.OrgChildcareOrganiser, "De kinderopvang neemt cursisten op als volwaardige collega's in opleiding: een vaste mentor, stages die passen bij de lessen, en een job na het traject.",
		[]string{"interprofessional.expect", "aligning.expect", "information.like", "aligning.like", "aligning.love", "interprofessional.love"}},
	{people.OrgTrainingProvider, "De opleiding past haar lessen en begeleiding aan cursisten met weinig Nederlands en weinig schoolervaring aan, samen met de werkvloer.",
		[]string{"information.expect", "aligning.expect", "interprofessional.like", "information.love"}},
	{people.OrgEmploymentService, "De dienst voor werk verwijst de juiste mensen door en volgt hen mee op tot aan een job in de kinderopvang.",
		[]string{"referring.expect", "information.expect", "referring.like", "referring.love"}},
}

var markersPeriods = []struct{ label, start, end string }{
	{"Semester 1 2025", "2025-01-01", "2025-06-30"},
	{"Semester 2 2025", "2025-07-01", "2025-12-31"},
	{"Semester 1 2026", "2026-01-01", "2026-06-30"},
}

var markersNotes = map[markers.Rating][]string{
	markers.NotObserved: {"Nog niets van gemerkt.", "Nog niet besproken in het overleg."},
	markers.Low:         {"Een eerste stap: het werd één keer gedaan.", "Er is interesse, maar nog geen vaste afspraak."},
	markers.Medium:      {"Gebeurt nu bij de meeste cursisten.", "Is een vaste afspraak geworden in het partneroverleg."},
	markers.High:        {"Gebeurt vanzelf, ook zonder dat wij erom vragen.", "Ze nemen zelf het initiatief en vertellen het aan andere partners."},
}

// loadMarkers gives every demo partnership boundary partners (its childcare organiser,
// training provider and employment service) with markers at all three levels, three
// periods and journals for the first two: outcome journals, whose ratings climb the
// ladder of collaboration, and the strategy and performance journals. A partnership
// that already has boundary partners is left alone, so a second run creates nothing.
func loadMarkers(ctx context.Context, d *db.DB) (int, string, error) {
	created := 0
	for i, ps := range partnerships {
		p, sc, err := asCoordinator(ctx, d, ps)
		if err != nil {
			return created, "", fmt.Errorf("demo markers: %w", err)
		}
		existing, err := markers.Partners(ctx, d, sc, p.ID)
		if err != nil {
			return created, "", err
		}
		if len(existing) > 0 {
			continue
		}
		orgs, err := markers.Organisations(ctx, d, sc, p.ID)
		if err != nil {
			return created, "", err
		}
		var periods []markers.Period
		have, err := markers.Periods(ctx, d, sc, p.ID)
		if err != nil {
			return created, "", err
		}
		for _, mp := range markersPeriods {
			found := false
			for _, h := range have {
				if h.Label == mp.label {
					periods, found = append(periods, h), true
				}
			}
			if found {
				continue
			}
			per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: p.ID, Label: mp.label, StartsOn: mp.start, EndsOn: mp.end})
			if err != nil {
				return created, "", fmt.Errorf("demo markers: period %s of %s: %w", mp.label, ps.slug, err)
			}
			periods = append(periods, per)
			created++
		}
		r := rand.New(rand.NewPCG(uint64(i)+7, 40))
		for _, spec := range markersBPs {
			var org *people.Organisation
			for j := range orgs {
				if orgs[j].Kind == spec.kind {
					org = &orgs[j]
					break
				}
			}
			if org == nil {
				continue
			}
			oid := org.ID
			bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: p.ID, OrganisationID: &oid, Name: org.Name, OutcomeChallenge: spec.challenge, Examples: spec.examples})
			if err != nil {
				return created, "", fmt.Errorf("demo markers: boundary partner %s: %w", org.Name, err)
			}
			ms, err := markers.Markers(ctx, d, sc, bp.ID, false)
			if err != nil {
				return created, "", err
			}
			created += 1 + len(ms)
			// Two periods of journals; ratings climb over time and are lower for the
			// more ambitious levels, with some chance in between.
			for pi, per := range periods[:2] {
				in := markers.JournalInput{Entries: map[int64]markers.EntryInput{},
					Lessons:          "Korte lijnen tussen mentor en trajectbegeleider maken het verschil.",
					Unanticipated:    "Enkele cursisten brachten zelf nieuwe kandidaten mee uit hun buurt.",
					ProgrammeChanges: "Vaker samen zitten met de werkvloer, vóór de stage begint."}
				if pi == 1 {
					in.Lessons = "Wat in het partneroverleg werd afgesproken, moet ook op de werkvloer geraken."
					in.Unanticipated = ""
					in.ProgrammeChanges = "Een vast moment per maand voor de mentoren van alle partners."
				}
				for _, m := range ms {
					score := climbScore(m, pi, r.IntN(2))
					rating := markers.Ratings[score]
					notes := markersNotes[rating]
					e := markers.EntryInput{Rating: string(rating), Description: notes[r.IntN(len(notes))]}
					if score >= 2 {
						e.Evidence = "Verslag van het partneroverleg; gesprek met de mentor."
						e.Factors = "De trajectbegeleider ging mee op bezoek."
					}
					in.Entries[m.ID] = e
				}
				if err := markers.SaveJournal(ctx, d, sc, bp.ID, per.ID, in); err != nil {
					return created, "", fmt.Errorf("demo markers: journal of %s: %w", org.Name, err)
				}
				created++
			}
		}
		n, err := loadOMJournals(ctx, d, sc, periods)
		created += n
		if err != nil {
			return created, "", err
		}
	}
	return created, "", nil
}

// formStep is how far up the ladder of collaboration a form is (figure 5's order).
var formStep = map[markers.Form]int{markers.FormReferring: 0, markers.FormInformation: 1, markers.FormAligning: 2, markers.FormInterprofessional: 3}

// climbScore rates a marker in demo period pi (0, 1) as a rating index: partners first
// reach the lighter forms of collaboration and climb to the more intense ones in the
// next period; love-to-see markers lag one step; noise (0 or 1) only ever lowers it.
func climbScore(m markers.Marker, pi, noise int) int {
	score := 4 + 2*pi - formStep[m.Form] - noise
	if m.Level == markers.Love {
		score--
	}
	return max(0, min(3, score))
}
