package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
)

// demoStory is a harvested change as a cursist (or a mentor) might tell it.
type demoStory struct {
	lang, change, significance, contribution, summary, sign string
	blocks, codes                                           []string
}

var demoStories = []demoStory{
	{"nl", "Ik durf nu zelf de ouders aan te spreken als ze hun kind komen halen. Vorige week vertelde ik een mama hoe haar zoon had gegeten en geslapen.", "Vroeger liet ik dat aan mijn collega over. Nu voel ik me een echte begeleider.", "De rollenspelen in de les en mijn mentor die me liet oefenen.", "Spreekt ouders zelf aan bij het ophalen.", "positive", []string{"training", "workplace"}, []string{"self_confidence", "language_level"}},
	{"fr", "Je prends maintenant le bus seule pour aller au stage à Gentbrugge. Avant, mon mari devait m'accompagner.", "Je suis plus autonome et je peux organiser ma journée.", "La coach m'a montré l'application De Lijn et on a fait le trajet ensemble une fois.", "Reist zelfstandig met de bus naar de stageplaats.", "positive", []string{"guidance"}, []string{"self_reliance"}},
	{"ar", "صرت أقرأ كتب الأطفال بالهولندية لابني في البيت كل مساء.", "ابني يفرح وأنا أتعلم كلمات جديدة معه.", "دروس اللغة وكتب المكتبة التي أعطتنا إياها المعلمة.", "Leest 's avonds Nederlandstalige kinderboeken voor aan haar zoon.", "positive", []string{"training"}, []string{"language_level", "family_life"}},
	{"es", "En la guardería organicé un juego con agua para los niños de dos años, yo sola, con mi mentora mirando.", "Vi que puedo planificar una actividad y que los niños aprenden jugando.", "Las clases de pedagogía y la confianza de mi mentora.", "Organiseerde zelfstandig een waterspel voor de peuters.", "positive", []string{"training", "workplace"}, []string{"pedagogical_skills", "self_confidence"}},
	{"nl", "Ik kom nu elke dag op tijd op mijn stage. Ik zet twee wekkers en maak mijn tas 's avonds klaar.", "Mijn mentor zei dat ze op mij kan rekenen.", "Het gesprek met de trajectbegeleider over afspraken op het werk.", "Komt stipt op tijd op de stage.", "positive", []string{"guidance", "workplace"}, []string{"work_attitude"}},
	{"uk", "Я познайомилася з іншими мамами з курсу, і тепер ми по черзі забираємо дітей зі школи.", "Я більше не почуваюся самотньою в новому місті.", "Спільні обіди на курсі та група в WhatsApp.", "Regelt met medecursisten om beurten het ophalen van de kinderen.", "positive", []string{"partnership"}, []string{"social_network", "family_life"}},
	{"nl", "Ik ben twee weken niet naar de les geweest omdat ik geen opvang had voor mijn jongste.", "Ik was bang dat ik zou moeten stoppen met de opleiding.", "Pas na een gesprek met de coördinator vonden we een plaats in de kinderopvang.", "Twee weken afwezig door gebrek aan opvang voor eigen kind.", "negative", []string{"guidance", "outreach"}, []string{"family_life", "well_being"}},
	{"fr", "Quand un enfant pleure, je reste calme maintenant. Je le prends, je parle doucement et j'attends.", "Avant je paniquais. Maintenant les enfants se calment plus vite avec moi.", "Le module sur les besoins des bébés et l'observation pendant le stage.", "Blijft rustig en troost huilende baby's.", "positive", []string{"training", "workplace"}, []string{"pedagogical_skills", "well_being"}},
	{"tr", "Artık bilgisayarda e-posta gönderebiliyorum. Stajdaki sorumluma hastalık bildirimimi kendim yazdım.", "Başkasından yardım istemek zorunda kalmıyorum.", "Kurstaki dijital beceriler dersleri.", "Stuurt zelf een e-mail om ziekte te melden.", "positive", []string{"training"}, []string{"other", "self_reliance"}},
	{"nl", "Op de stage werd ik uitgelachen toen ik een woord verkeerd uitsprak. Ik heb een week niets meer gezegd.", "Het deed pijn en ik twijfelde of ik dit werk wel kan doen.", "Mijn mentor heeft er met het team over gepraat.", "Werd uitgelachen om haar uitspraak en trok zich terug; mentor sprak het team aan.", "both", []string{"workplace"}, []string{"language_level", "well_being"}},
	{"es", "Le dije a mi jefa que no quería trabajar más de 30 horas porque tengo que cuidar a mi madre.", "Antes no me atrevía a decir que no.", "Los ejercicios de asertividad en el curso.", "Durfde haar grenzen aan te geven over het aantal werkuren.", "positive", []string{"training"}, []string{"self_confidence", "work_attitude"}},
	{"ar", "حصلت على عقد عمل في حضانة قريبة من بيتي بعد التدريب.", "أول عمل لي في بلجيكا. عائلتي فخورة بي.", "التدريب العملي ومساعدة الموجهة في كتابة السيرة الذاتية.", "Kreeg een arbeidscontract in een kinderdagverblijf na de stage.", "positive", []string{"workplace", "aftercare"}, []string{"work_attitude", "self_confidence"}},
	{"nl", "Ik werk nu samen met een collega die ook Arabisch spreekt om nieuwe ouders te verwelkomen.", "Ouders die geen Nederlands spreken voelen zich meer thuis.", "De kinderopvang vroeg ons om mee te helpen bij het intakegesprek.", "Helpt bij de intake van anderstalige ouders.", "positive", []string{"workplace", "partnership"}, []string{"social_skills"}},
	{"fr", "J'ai eu beaucoup de stress avant l'examen et j'ai mal dormi pendant des semaines.", "J'ai pensé arrêter la formation.", "Les séances avec la psychologue du CPAS m'ont aidée à continuer.", "Veel examenstress en slapeloosheid; steun van het OCMW hielp om door te gaan.", "negative", []string{"guidance"}, []string{"well_being"}},
}

// demoOther are outcomes staff recorded from other sources.
var demoOther = []struct {
	source, detail string
	story          demoStory
}{
	{"observation", "Mentor kinderdagverblijf De Knuffel", demoStory{"nl", "De cursist legt nu zelf het dagverloop uit aan nieuwe ouders, in eenvoudig Nederlands.", "Ouders stellen haar vragen in plaats van de vaste collega.", "", "Legt het dagverloop zelf uit aan nieuwe ouders.", "positive", []string{"workplace"}, []string{"language_level", "social_skills"}}},
	{"interview", "Gesprek met de trajectbegeleider VDAB", demoStory{"nl", "Drie cursisten vroegen zelf om een extra taalbad in de zomer.", "Ze nemen hun leertraject in eigen handen.", "", "Cursisten vragen zelf een extra taalbad aan.", "positive", []string{"guidance", "aftercare"}, []string{"self_reliance", "language_level"}}},
}

// harvestDemo seeds outcomes, codes, meetings and adjustments for four partnerships. It
// runs once per partnership: a partnership that already has demo outcomes is left alone.
func harvestDemo(ctx context.Context, d *db.DB) (int, string, error) {
	created := 0
	for i, name := range []string{"Nieuwe krachten voor de Gentse Kinderopvang", "Kansen voor talent in de kinderopvang",
		"Nieuwe krachten voor de kinderopvang – Brussel", "Onontgonnen talent kleurt de kinderopvang"} {
		var p people.Partnership
		if err := d.Q(ctx).Where("name = ?", name).Take(&p).Error; err != nil {
			return created, "", fmt.Errorf("demo: harvest partnership %s: %w", name, err)
		}
		var have int64
		if err := d.Q(ctx).Model(&harvest.Outcome{}).Where("partnership_id = ? AND source = 'demo'", p.ID).Count(&have).Error; err != nil {
			return created, "", err
		}
		if have > 0 {
			continue
		}
		err := d.Tx(ctx, func(tx *db.DB) error {
			n, err := seedPartnershipHarvest(ctx, tx, p, i)
			created += n
			return err
		})
		if err != nil {
			return created, "", fmt.Errorf("demo: harvest %s: %w", name, err)
		}
	}
	return created, "", nil
}

func seedPartnershipHarvest(ctx context.Context, tx *db.DB, p people.Partnership, seed int) (int, error) {
	r := rand.New(rand.NewPCG(uint64(seed)+77, 5))
	var coordID int64
	if err := tx.Q(ctx).Model(&people.Membership{}).Where("partnership_id = ? AND role = ?", p.ID, people.RoleCoordinator).Order("user_id").Limit(1).Pluck("user_id", &coordID).Error; err != nil {
		return 0, err
	}
	var codes []harvest.Code
	if err := tx.Q(ctx).Where("partnership_id IS NULL").Find(&codes).Error; err != nil {
		return 0, err
	}
	codeID := map[string]int64{}
	for _, c := range codes {
		codeID[c.Key] = c.ID
	}
	// Each partnership also has one code of its own.
	pid := p.ID
	own := harvest.Code{Category: harvest.Category{PartnershipID: &pid, Key: "mobiliteit", NameNL: "Mobiliteit", NameFR: "Mobilité", NameEN: "Mobility", Position: 100}}
	res := tx.Q(ctx).Where("partnership_id = ? AND key = ?", p.ID, own.Key).Attrs(own).FirstOrCreate(&own)
	if res.Error != nil {
		return 0, res.Error
	}
	created := int(res.RowsAffected)
	codeID["mobility"] = own.ID
	rounds := []string{"Tussentijdse reflectie 1", "Tussentijdse reflectie 2", "Eindreflectie"}
	start := time.Date(2026, 1, 12, 10, 0, 0, 0, time.UTC)
	var ids []int64
	// Most demo reflections come from a known cursist of their group (so the figures
	// split by cursist status); every sixth is anonymous.
	var cursists []people.Cursist
	if err := tx.Q(ctx).Where("partnership_id = ?", p.ID).Order("id").Find(&cursists).Error; err != nil {
		return created, err
	}
	byGroup := map[string][]int64{}
	for _, c := range cursists {
		byGroup[c.GroupName] = append(byGroup[c.GroupName], c.ID)
	}
	statusCycle := []harvest.Status{harvest.StatusNew, harvest.StatusCoded, harvest.StatusCoded, harvest.StatusUsed, harvest.StatusSubstantiated, harvest.StatusCoded}
	coordPtr := &coordID
	for k := 0; k < 18; k++ {
		s := demoStories[(k+seed*3)%len(demoStories)]
		round := k % 3
		// Demo rounds have negative ids so they never clash with the survey's real rounds.
		rid := -int64(p.ID*10 + int64(round) + 1)
		group := "Groep A"
		if k%2 == 1 {
			group = "Groep B"
		}
		status := statusCycle[k%len(statusCycle)]
		// Likewise negative response ids: one demo reflection per outcome.
		resp := -(p.ID*1000 + int64(k) + 1)
		o := harvest.Outcome{PartnershipID: p.ID, ResponseID: &resp, RoundID: &rid, RoundTitle: rounds[round], GroupName: group, Language: s.lang,
			ChangeText: s.change, SignificanceText: s.significance, Sign: s.sign, ContributionText: s.contribution,
			Status: status, Source: "demo", SubmittedAt: start.AddDate(0, 0, round*42+r.IntN(10)).Add(time.Duration(k) * time.Hour)}
		if ids := byGroup[group]; len(ids) > 0 && k%6 != 5 {
			cid := ids[(k/2)%len(ids)]
			o.CursistID = &cid
		}
		if status != harvest.StatusNew {
			o.SummaryNL = s.summary
			o.ChangeType = []string{"behaviour", "relationship", "action", "practice"}[k%4]
			o.Intended = "intended"
			o.ReviewerSignificance = []string{"high", "medium", "low"}[r.IntN(3)]
		}
		if k == 17 {
			o.Status, o.ExcludeReason = harvest.StatusExcluded, "Dubbel met een ander antwoord"
		}
		if err := tx.Q(ctx).Create(&o).Error; err != nil {
			return created, err
		}
		created++
		ids = append(ids, o.ID)
		for _, b := range s.blocks {
			if err := tx.Q(ctx).Create(&harvest.Block{OutcomeID: o.ID, Block: b}).Error; err != nil {
				return created, err
			}
		}
		hist := []harvest.HistoryEntry{{OutcomeID: o.ID, At: o.SubmittedAt, Field: "created", NewValue: "demo"}}
		if o.Status != harvest.StatusNew {
			cs := s.codes
			if k%5 == 0 {
				cs = append(append([]string{}, cs...), "mobility")
			}
			for _, key := range cs {
				if err := tx.Q(ctx).Create(&harvest.CodeLink{OutcomeID: o.ID, CodeID: codeID[key]}).Error; err != nil {
					return created, err
				}
			}
			hist = append(hist, harvest.HistoryEntry{OutcomeID: o.ID, UserID: coordPtr, At: o.SubmittedAt.Add(48 * time.Hour), Field: "status", OldValue: "new", NewValue: string(o.Status)})
			if err := codeBarriers(ctx, tx, o.ID, (k+seed*3)%len(demoStories)); err != nil {
				return created, err
			}
		}
		if err := tx.Q(ctx).Create(&hist).Error; err != nil {
			return created, err
		}
	}
	for k, x := range demoOther {
		s := x.story
		o := harvest.Outcome{PartnershipID: p.ID, GroupName: "Groep A", Language: s.lang, ChangeText: s.change, Sign: s.sign,
			SummaryNL: s.summary, Status: harvest.StatusCoded, Source: x.source, SourceDetail: x.detail, CreatedBy: coordPtr,
			SubmittedAt: start.AddDate(0, 2, k*7)}
		if err := tx.Q(ctx).Create(&o).Error; err != nil {
			return created, err
		}
		created++
		for _, b := range s.blocks {
			if err := tx.Q(ctx).Create(&harvest.Block{OutcomeID: o.ID, Block: b}).Error; err != nil {
				return created, err
			}
		}
		for _, key := range s.codes {
			if err := tx.Q(ctx).Create(&harvest.CodeLink{OutcomeID: o.ID, CodeID: codeID[key]}).Error; err != nil {
				return created, err
			}
		}
	}
	// Substantiations: every confirmed outcome has an agreeing answer (or, for one, the
	// coordinator's reason in its history); one request still waits (its link is not
	// known, only its hash, so nobody can answer it in the demo) and one answer only
	// partly agrees, so that outcome is back in review.
	answered, answered2, answered3 := start.AddDate(0, 1, 2), start.AddDate(0, 3, 5), start.AddDate(0, 2, 3)
	subs := []harvest.Substantiation{
		{OutcomeID: ids[4], PartnershipID: p.ID, Name: "Sara (mentor)", Role: "mentor kinderdagverblijf", TokenHash: fmt.Sprintf("demo-%d-1", p.ID),
			CreatedBy: coordPtr, CreatedAt: start.AddDate(0, 1, 0), ExpiresAt: start.AddDate(0, 1, 14), AnsweredAt: &answered, Agreement: "agree",
			DescriptionAgreement: "agree", SignificanceAgreement: "agree", ContributionAgreement: "agree",
			ContributionComment: "De taalcoach heeft daar veel mee geoefend.", Comment: "Klopt, ze is de laatste weken elke dag op tijd.", Language: "nl"},
		{OutcomeID: ids[3], PartnershipID: p.ID, Name: "Leerkracht pedagogiek", Role: "leerkracht CVO", TokenHash: fmt.Sprintf("demo-%d-2", p.ID),
			CreatedBy: coordPtr, CreatedAt: start.AddDate(0, 3, 0), ExpiresAt: start.AddDate(0, 3, 14), Language: "nl"},
		{OutcomeID: ids[10], PartnershipID: p.ID, Name: "Jobcoach VDAB", Role: "jobcoach", TokenHash: fmt.Sprintf("demo-%d-3", p.ID),
			CreatedBy: coordPtr, CreatedAt: start.AddDate(0, 3, 1), ExpiresAt: start.AddDate(0, 3, 15), AnsweredAt: &answered2, Agreement: "agree",
			DescriptionAgreement: "agree", SignificanceAgreement: "agree", ContributionAgreement: "dont_know",
			ContributionComment: "Ik ken het project te weinig om dat te zeggen.", Language: "nl"},
		{OutcomeID: ids[2], PartnershipID: p.ID, Name: "Mentor De Knuffel", Role: "mentor kinderdagverblijf", TokenHash: fmt.Sprintf("demo-%d-4", p.ID),
			CreatedBy: coordPtr, CreatedAt: start.AddDate(0, 2, 0), ExpiresAt: start.AddDate(0, 2, 14), AnsweredAt: &answered3, Agreement: "partly",
			DescriptionAgreement: "agree", SignificanceAgreement: "partly", ContributionAgreement: "agree",
			SignificanceComment: "Het gebeurt, maar nog niet elke week.", Language: "nl"},
	}
	if err := tx.Q(ctx).Create(&subs).Error; err != nil {
		return created, err
	}
	created += len(subs)
	override := harvest.HistoryEntry{OutcomeID: ids[16], UserID: coordPtr, At: start.AddDate(0, 5, 1), Field: "confirm_override",
		NewValue: "Zelf gezien tijdens het stagebezoek; de mentor was niet bereikbaar."}
	if err := tx.Q(ctx).Create(&override).Error; err != nil {
		return created, err
	}
	// Two steering meetings: the first decided adjustments, one still open.
	m1 := harvest.Meeting{PartnershipID: p.ID, Title: "Stuurgroep voorjaar", HeldAt: start.AddDate(0, 1, 20), Participants: "Coördinator, CVO, kinderopvang, VDAB", CreatedBy: coordPtr}
	m2 := harvest.Meeting{PartnershipID: p.ID, Title: "Stuurgroep zomer", HeldAt: start.AddDate(0, 4, 10), Participants: "Coördinator, CVO, kinderopvang, taalcoach", CreatedBy: coordPtr}
	for _, m := range []*harvest.Meeting{&m1, &m2} {
		if err := tx.Q(ctx).Create(m).Error; err != nil {
			return created, err
		}
		created++
	}
	for pos, idx := range []int{1, 3, 6, 9} {
		note := ""
		if pos == 2 {
			note = "Opvang voor eigen kinderen komt vaker terug: bespreken met het OCMW."
		}
		if err := tx.Q(ctx).Create(&harvest.MeetingOutcome{MeetingID: m1.ID, OutcomeID: ids[idx], Position: pos + 1, Notes: note}).Error; err != nil {
			return created, err
		}
	}
	for pos, idx := range []int{4, 10, 11} {
		if err := tx.Q(ctx).Create(&harvest.MeetingOutcome{MeetingID: m2.ID, OutcomeID: ids[idx], Position: pos + 1}).Error; err != nil {
			return created, err
		}
	}
	due1, due2 := m1.HeldAt.AddDate(0, 2, 0), m1.HeldAt.AddDate(0, 1, 0)
	adjs := []struct {
		a   harvest.Adjustment
		out []int
	}{
		{harvest.Adjustment{PartnershipID: p.ID, MeetingID: &m1.ID, Description: "Noodopvang regelen voor kinderen van cursisten tijdens de lesdagen", Owner: "Coördinator", Block: "guidance", DueOn: &due1, Status: "open"}, []int{6}},
		{harvest.Adjustment{PartnershipID: p.ID, MeetingID: &m1.ID, Description: "Mentoren een korte vorming geven over taalondersteuning op de werkvloer", Owner: "Kinderopvang", Block: "workplace", DueOn: &due2, Status: "done"}, []int{9}},
	}
	for _, x := range adjs {
		a := x.a
		if err := tx.Q(ctx).Create(&a).Error; err != nil {
			return created, err
		}
		created++
		for _, idx := range x.out {
			if err := tx.Q(ctx).Create(&harvest.AdjustmentOutcome{AdjustmentID: a.ID, OutcomeID: ids[idx]}).Error; err != nil {
				return created, err
			}
		}
	}
	return created, nil
}
