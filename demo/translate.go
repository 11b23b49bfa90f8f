package demo

import (
	"context"
	"fmt"

	"oogst/db"
	"oogst/harvest"
)

// demoTranslations are Dutch (and one French) translations of demo stories, keyed by
// the original change text: in Gent the first outcome with each story gets a checked
// human translation, and one later Arabic outcome a machine draft still to check;
// Brussels works in Dutch and French.
var demoTranslations = map[string]map[string][3]string{
	"صرت أقرأ كتب الأطفال بالهولندية لابني في البيت كل مساء.": {
		"nl": {"Ik lees nu elke avond thuis Nederlandstalige kinderboeken voor aan mijn zoon.", "Mijn zoon is blij en ik leer samen met hem nieuwe woorden.", "De taallessen en de bibliotheekboeken die de lesgever ons gaf."},
		"fr": {"Je lis maintenant chaque soir des livres pour enfants en néerlandais à mon fils.", "Mon fils est content et j'apprends de nouveaux mots avec lui.", "Les cours de langue et les livres de la bibliothèque que l'enseignante nous a donnés."},
	},
	"En la guardería organicé un juego con agua para los niños de dos años, yo sola, con mi mentora mirando.": {
		"nl": {"In de crèche organiseerde ik alleen een waterspel voor de tweejarigen, terwijl mijn mentor toekeek.", "Ik zag dat ik een activiteit kan plannen en dat kinderen leren door te spelen.", "De lessen pedagogie en het vertrouwen van mijn mentor."},
	},
	"Я познайомилася з іншими мамами з курсу, і тепер ми по черзі забираємо дітей зі школи.": {
		"nl": {"Ik leerde andere mama's van de cursus kennen en nu halen we om beurten de kinderen op van school.", "Ik voel me niet meer eenzaam in de nieuwe stad.", "De gezamenlijke middagmalen op de cursus en de WhatsApp-groep."},
	},
	"Artık bilgisayarda e-posta gönderebiliyorum. Stajdaki sorumluma hastalık bildirimimi kendim yazdım.": {
		"nl": {"Ik kan nu een e-mail sturen op de computer. Ik schreef zelf mijn ziektemelding aan mijn verantwoordelijke op de stage.", "Ik moet niet meer iemand anders om hulp vragen.", "De lessen digitale vaardigheden op de cursus."},
	},
}

// demoDraft is the machine draft (as a service would word it) of the Arabic contract story.
var demoDraft = struct{ change, significance, contribution string }{
	"Ik heb na de opleiding een arbeidscontract gekregen in een kinderdagverblijf dicht bij mijn huis.",
	"Mijn eerste baan in België. Mijn familie is trots op mij.",
	"De praktijkopleiding en de hulp van de begeleider bij het schrijven van het cv.",
}

// loadTranslations seeds working languages and translations; it is idempotent (an
// outcome that has a translation into a language keeps it).
func loadTranslations(ctx context.Context, d *db.DB) (int, string, error) {
	created := 0
	for _, ps := range partnerships {
		if ps.slug != "gent" && ps.slug != "brussel" {
			continue
		}
		p, sc, err := asCoordinator(ctx, d, ps)
		if err != nil {
			return created, "", err
		}
		langs := []string{"nl"}
		if ps.slug == "brussel" {
			langs = []string{"nl", "fr"}
			if err := harvest.SetWorkingLanguages(ctx, d, sc, p.ID, langs); err != nil {
				return created, "", fmt.Errorf("demo: working languages: %w", err)
			}
		}
		page, err := harvest.List(ctx, d, sc, harvest.Filter{PartnershipID: p.ID, PerPage: 500})
		if err != nil {
			return created, "", err
		}
		seen := map[string]bool{}
		// Oldest first, so "the first outcome with each story" is stable.
		for i := len(page.Items) - 1; i >= 0; i-- {
			o := page.Items[i]
			if o.Source != "demo" {
				continue
			}
			if tr, ok := demoTranslations[o.ChangeText]; ok && !seen[o.ChangeText] {
				seen[o.ChangeText] = true
				for _, l := range langs {
					texts, ok := tr[l]
					if _, has := o.In(l); !ok || has {
						continue
					}
					if _, err := harvest.SaveTranslation(ctx, d, sc, sc.UserID, o.ID, l, harvest.TranslationInput{Change: texts[0], Significance: texts[1], Contribution: texts[2]}); err != nil {
						return created, "", fmt.Errorf("demo: translation of %d: %w", o.ID, err)
					}
					created++
				}
				continue
			}
			if ps.slug == "gent" && o.Language == "ar" && o.ChangeText == "حصلت على عقد عمل في حضانة قريبة من بيتي بعد التدريب." {
				if _, has := o.In("nl"); !has {
					if err := harvest.AddMachineDraft(ctx, d, o.ID, "nl", "LibreTranslate", demoDraft.change, demoDraft.significance, demoDraft.contribution); err != nil {
						return created, "", err
					}
					created++
				}
			}
		}
	}
	return created, "", nil
}
