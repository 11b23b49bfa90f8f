package demo

import (
	"context"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
)

// omText is one row of a strategy or performance journal: done, effects, what to change.
type omText struct{ done, effects, toChange string }

// strategyTexts are the strategy journal's rows per building block, for the first and
// the second demo period.
var strategyTexts = [2]map[string]omText{{
	"partnership": {"Maandelijks partneroverleg gestart met opleiding, kinderopvang en VDAB.", "Partners kennen elkaars contactpersoon; vragen worden sneller beantwoord.", "Een vaste agenda met de voortgangsmarkers bovenaan."},
	"outreach":    {"Infosessies in twee buurthuizen en bij het OCMW, met een tolk.", "28 kandidaten, van wie 19 met een migratieachtergrond.", "Ook mensen bereiken die niet bij VDAB ingeschreven zijn."},
	"guidance":    {"Elke cursist heeft een trajectbegeleider met een wekelijks spreekuur.", "Problemen met kinderopvang en vervoer komen vroeger op tafel.", "Noodopvang voorzien voor kinderen van cursisten."},
	"training":    {"Lessen in klare taal, met taalcoach in de klas.", "Cursisten durven meer vragen te stellen in de les.", "Meer oefenen met verslagen schrijven voor de stage."},
	"workplace":   {"Stageplaatsen gezocht bij vijf kinderdagverblijven.", "Mentoren vragen om meer uitleg over het traject.", "Mentoren vooraf vormen en de stageplanning afstemmen op de lessen."},
	"aftercare":   {"Eerste gesprekken over jobs na de opleiding.", "Nog weinig zicht op wat cursisten na het traject doen.", "Een opvolgmoment drie maanden na het einde van het traject."},
}, {
	"partnership": {"Partneroverleg met de markers als vast agendapunt; de kinderopvang zit er telkens bij.", "Afspraken uit het overleg worden op de werkvloer toegepast.", "Een werkgroep voor mentoren van alle partners."},
	"outreach":    {"Screening samen met VDAB en de opleiding, vóór de start.", "Minder uitval in de eerste maand: 2 in plaats van 6.", "Het screeningsgesprek ook in het Frans en Arabisch aanbieden."},
	"guidance":    {"Noodopvang geregeld met twee kinderdagverblijven.", "Cursisten missen minder lesdagen door zorg voor eigen kinderen.", "Vervoer naar de stageplaats bespreken bij de start."},
	"training":    {"Lesmateriaal samen met mentoren herschreven in klare taal.", "Cursisten gebruiken op stage dezelfde woorden als in de les.", "Digitale vaardigheden vroeger in het traject oefenen."},
	"workplace":   {"Mentoren kregen een korte vorming over taalondersteuning.", "Mentoren geven feedback in eenvoudige taal; cursisten voelen zich meer collega.", "Een vast driegesprek mentor – leerkracht – cursist halverwege de stage."},
	"aftercare":   {"Jobbeurs met de kinderopvangorganisaties van de regio.", "7 cursisten kregen een contract, 3 starten een vervolgopleiding.", "Nazorg ook voor wie stopte of pauzeerde."},
}}

// performanceTexts are the performance journal's rows per organisational practice.
var performanceTexts = [2]map[string]omText{{
	"prospecting":       {"Gesprek met de stad over extra middelen voor noodopvang.", "De stad wil een proefproject steunen.", "Een voorstel uitschrijven tegen het volgende overleg."},
	"operating_support": {"Directies van de partners kregen een korte stand van zaken.", "Meer begrip voor de tijd die mentoren nodig hebben.", "Tijd voor mentoren opnemen in de planning van de kinderopvang."},
	"higher_support":    {"Contact met het agentschap over erkenning van de stage-uren.", "Nog geen antwoord.", "Opvolgen via de provinciale werkgroep."},
	"redesign":          {"Na de eerste maand de lesroosters bijgesteld.", "Minder overlap tussen les en stage.", "Elk semester één evaluatiemoment met cursisten."},
	"follow_up":         {"Oud-cursisten gebeld door de trajectbegeleider.", "Een derde nam op; weinig zicht op de rest.", "Persoonlijke links en een vaste opvolgronde gebruiken."},
	"sharing":           {"Ervaringen gedeeld op een lerend netwerk van de provincie.", "Twee andere partnerschappen namen de klare-taalbrieven over.", "Onze werkwijze kort beschrijven voor nieuwe partners."},
	"experimenting":     {"Proef met een taalcoach in de klas.", "Cursisten volgen beter; leerkrachten vragen het opnieuw.", "De proef uitbreiden naar de stagebezoeken."},
	"reflection":        {"Een halve dag samen teruggeblikt op het eerste semester.", "Partners zien de samenwerking vooral als doorverwijzen.", "Ook bespreken hoe we werkwijzen op elkaar afstemmen."},
}, {
	"prospecting":       {"Proefproject noodopvang ingediend bij de stad.", "Goedgekeurd voor één jaar.", "Na zes maanden evalueren met de cursisten."},
	"operating_support": {"Mentoren krijgen twee uur per week voor begeleiding.", "Mentoren zijn beter bereikbaar voor de trajectbegeleider.", "Dit ook vastleggen bij nieuwe stageplaatsen."},
	"higher_support":    {"Vraag over stage-uren meegenomen naar de provinciale werkgroep.", "Het agentschap onderzoekt een vrijstelling.", "Cijfers over uitstroom aanleveren als onderbouwing."},
	"redesign":          {"Screening en intake samengevoegd tot één gesprek.", "Kandidaten hoeven hun verhaal maar één keer te doen.", "Het gesprek ook voor wie pauzeerde opnieuw aanbieden."},
	"follow_up":         {"Eerste opvolgronde drie maanden na het einde.", "Twee derde antwoordde, ook wie stopte.", "Een tweede ronde na zes maanden."},
	"sharing":           {"Presentatie op de studiedag van de sector.", "Vragen van drie kinderopvangorganisaties buiten de regio.", "Een korte handleiding voor mentoren delen."},
	"experimenting":     {"Proef met stage in duo's van twee cursisten.", "Cursisten steunen elkaar; minder uitval op stage.", "Alleen doen waar de mentor het ziet zitten."},
	"reflection":        {"Reflectie over de ladder van samenwerkingsvormen.", "We stemmen nu ook werkwijzen af, niet alleen informatie.", "Interprofessioneel samenwerken als doel voor volgend jaar."},
}}

var omProgrammeChanges = map[string][2]string{
	markers.KindStrategy: {"Een opvolgmoment drie maanden na het einde van het traject invoeren.",
		"Nazorg aanbieden aan wie stopte of pauzeerde, met een gesprek bij de trajectbegeleider."},
	markers.KindPerformance: {"Elk semester een evaluatiemoment met cursisten inplannen.",
		"Een werkgroep voor mentoren van alle partners oprichten."},
}

var omLessons = map[string][2]string{
	markers.KindStrategy: {"Wat niet in de planning van de kinderopvang staat, gebeurt niet.",
		"Samen screenen spaart later veel werk uit."},
	markers.KindPerformance: {"Steun van de directies maakt de mentoren vrij.",
		"Terugblikken op de samenwerking zelf helpt om een stap verder te gaan."},
}

// omWrittenOn is when the journal of the second demo period was written: after it ended,
// before the spring steering meeting, which its programme change is added to.
var omWrittenOn = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// loadOMJournals fills the strategy and performance journals of the first two demo
// periods of a partnership, and turns the second strategy journal's programme change
// into an adjustment of the next steering meeting (when the partnership has one).
func loadOMJournals(ctx context.Context, d *db.DB, sc people.Scope, periods []markers.Period) (int, error) {
	created := 0
	for pi, per := range periods[:2] {
		for _, kind := range markers.JournalKinds {
			texts := strategyTexts
			if kind == markers.KindPerformance {
				texts = performanceTexts
			}
			in := markers.PartnershipJournalInput{Lessons: omLessons[kind][pi], ProgrammeChanges: omProgrammeChanges[kind][pi], Items: map[string]markers.JournalItem{}}
			for _, topic := range markers.Topics(kind) {
				tx := texts[pi][topic]
				in.Items[topic] = markers.JournalItem{Topic: topic, Done: tx.done, Effects: tx.effects, ToChange: tx.toChange}
			}
			if err := markers.SavePartnershipJournal(ctx, d, sc, sc.UserID, per.ID, kind, in); err != nil {
				return created, fmt.Errorf("demo: %s journal of %s: %w", kind, per.Label, err)
			}
			created++
		}
	}
	// As the journal page's button does: the adjustment and the journal's note of it.
	err := d.Tx(ctx, func(tx *db.DB) error {
		j, err := markers.ProgrammeChangeFor(ctx, tx, sc, periods[1].ID, markers.KindStrategy)
		if err != nil {
			return err
		}
		a, _, err := harvest.AddAdjustmentToNextMeeting(ctx, tx, sc, j.PartnershipID, harvest.AdjustmentInput{Description: j.ProgrammeChanges, Block: "aftercare"}, omWrittenOn)
		if err != nil {
			return err
		}
		return markers.MarkAdjusted(ctx, tx, j.ID, a.ID)
	})
	if e, ok := apperr.As(err); ok && e.Msg.ID == "meeting2.error.no_next_meeting" {
		return created, nil // partnerships without demo meetings keep the change in the journal
	}
	if err != nil {
		return created, err
	}
	return created + 1, nil
}
