package markers

import "oogst/locale"

// Example is a starter marker drawn from the forms of collaboration between partners
// in the practice model (figure 5: referring, exchanging information, aligning
// practices, interprofessional collaboration). They are data, not interface text: once
// chosen they become ordinary markers that the coordinator can reword.
type Example struct {
	Key    string
	FormID string // message ID of the form of collaboration
	Level  Level
	Text   locale.Text
}

// ExampleMarkers is the starter set, by form of collaboration and level.
var ExampleMarkers = []Example{
	{"referring.expect", "markers.form.referring", Expect, locale.StaffText(
		"Verwijst werkzoekenden die interesse tonen door naar het opleidingstraject.",
		"Oriente les demandeurs d'emploi intéressés vers la formation.",
		"Refers interested job seekers to the training programme.")},
	{"referring.like", "markers.form.referring", Like, locale.StaffText(
		"Bespreekt samen met de partners of het traject past bij een kandidaat, vóór de doorverwijzing.",
		"Vérifie avec les partenaires si la formation convient à la personne, avant de l'orienter.",
		"Checks with the partners whether the programme suits a candidate before referring them.")},
	{"referring.love", "markers.form.referring", Love, locale.StaffText(
		"Zoekt zelf actief kandidaten op plaatsen waar werkzoekenden komen (buurthuis, school, OCMW).",
		"Va chercher activement des candidats là où se trouvent les demandeurs d'emploi (maison de quartier, école, CPAS).",
		"Actively looks for candidates where job seekers are (community centre, school, social welfare office).")},
	{"information.expect", "markers.form.information", Expect, locale.StaffText(
		"Komt naar het partneroverleg en vertelt hoe het met de cursisten gaat.",
		"Participe à la réunion des partenaires et dit comment vont les stagiaires.",
		"Attends the partners' meeting and shares how the cursists are doing.")},
	{"information.like", "markers.form.information", Like, locale.StaffText(
		"Meldt problemen van een cursist snel aan de trajectbegeleider, met toestemming van de cursist.",
		"Signale vite les difficultés d'un stagiaire à l'accompagnateur, avec son accord.",
		"Quickly tells the coach about a cursist's problems, with the cursist's consent.")},
	{"information.love", "markers.form.information", Love, locale.StaffText(
		"Deelt eigen cijfers en ervaringen open met de partners om het traject samen te verbeteren.",
		"Partage ouvertement ses chiffres et expériences avec les partenaires pour améliorer ensemble la formation.",
		"Openly shares its own figures and experience with the partners to improve the programme together.")},
	{"aligning.expect", "markers.form.aligning", Expect, locale.StaffText(
		"Stemt de planning van stages af op de lesroosters.",
		"Accorde le planning des stages avec les horaires des cours.",
		"Matches the internship schedule to the class timetable.")},
	{"aligning.like", "markers.form.aligning", Like, locale.StaffText(
		"Gebruikt dezelfde afspraken en formulieren als de opleiding om cursisten op te volgen.",
		"Utilise les mêmes règles et formulaires que la formation pour suivre les stagiaires.",
		"Uses the same agreements and forms as the training provider to follow up cursists.")},
	{"aligning.love", "markers.form.aligning", Love, locale.StaffText(
		"Past de eigen aanwerving aan zodat cursisten na het traject kunnen starten (bv. taaleisen, uurroosters).",
		"Adapte son recrutement pour que les stagiaires puissent commencer après la formation (exigences de langue, horaires).",
		"Adapts its own hiring so cursists can start after the programme (for example language requirements, hours).")},
	{"interprofessional.expect", "markers.form.interprofessional", Expect, locale.StaffText(
		"Duidt een vaste mentor aan voor elke cursist op de werkvloer.",
		"Désigne un tuteur fixe pour chaque stagiaire sur le lieu de travail.",
		"Appoints a regular mentor for every cursist at the workplace.")},
	{"interprofessional.like", "markers.form.interprofessional", Like, locale.StaffText(
		"Mentor, leerkracht en trajectbegeleider bespreken samen de vorderingen van een cursist.",
		"Le tuteur, l'enseignant et l'accompagnateur discutent ensemble des progrès du stagiaire.",
		"Mentor, teacher and coach discuss a cursist's progress together.")},
	{"interprofessional.love", "markers.form.interprofessional", Love, locale.StaffText(
		"Werkt met de partners een gezamenlijk aanbod uit dat blijft bestaan na het project.",
		"Construit avec les partenaires une offre commune qui continue après le projet.",
		"Builds a joint offer with the partners that continues after the project ends.")},
}

func exampleByKey(key string) (Example, bool) {
	for _, e := range ExampleMarkers {
		if e.Key == key {
			return e, true
		}
	}
	return Example{}, false
}
