package demo

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
	"oogst/survey"
)

// DemoJoinCode is the join code of the open demo round in Gent.
const DemoJoinCode = "DEMO42"

// demoReflections are clearly invented reflections in several languages.
var demoReflections = []demoResponse{
	{"9a1e0c52-7d1b-4c55-9d8a-000000000001", "nl", map[string]any{
		"change": "(Demo) Vorige week belde ik zelf naar de crèche om te zeggen dat ik later kwam. Vroeger vroeg ik dat aan mijn buurvrouw.",
		"sign":   "positive", "significance": "(Demo) Ik voel me sterker. Ik heb minder hulp nodig.", "blocks": []string{"training", "guidance"}}},
	{"9a1e0c52-7d1b-4c55-9d8a-000000000002", "ar", map[string]any{
		"change": "(تجريبي) في التدريب قرأت قصة للأطفال بالهولندية أمام المجموعة.", "sign": "positive",
		"significance": "(تجريبي) لم أعد أخاف من التحدث.", "blocks": []string{"workplace"}, "contribution": "(تجريبي) مرشدتي في الحضانة."}},
	{"9a1e0c52-7d1b-4c55-9d8a-000000000003", "es", map[string]any{
		"change": "(Demo) Ahora llego a tiempo a las clases porque tengo plaza en la guardería para mi hijo.", "sign": "both",
		"significance": "(Demo) Es bueno, pero estoy muy cansada por las noches.", "blocks": []string{"partnership", "guidance"}}},
	{"9a1e0c52-7d1b-4c55-9d8a-000000000004", "uk", map[string]any{
		"change": "(Демо) Я сама заповнила документи для VDAB.", "sign": "positive",
		"significance": "(Демо) Раніше це було дуже важко.", "blocks": []string{"aftercare"}}},
}

// loadSurvey opens the demo round DEMO42 in Gent on the built-in reflection form
// (anonymous allowed, no end) with a few invented responses.
func loadSurvey(ctx context.Context, d *db.DB) (int, string, error) {
	now := time.Now().UTC()
	p, coord, err := gentCoordinator(ctx, d)
	if err != nil {
		return 0, "", fmt.Errorf("demo: survey: %w", err)
	}
	created := 0
	f, _, err := survey.EnsureBuiltin(ctx, d, now)
	if err != nil {
		return 0, "", err
	}
	var r survey.Round
	err = d.Q(ctx).Where("code = ?", DemoJoinCode).First(&r).Error
	if db.IsNotFound(err) {
		sc := people.Scope{UserID: coord.ID, Roles: map[int64]people.Role{p.ID: people.RoleCoordinator}}
		r, err = survey.CreateRound(ctx, d, sc, survey.RoundInput{
			PartnershipID: p.ID, FormID: f.ID, Title: "Tussentijdse reflectie (demo)", GroupName: "Groep A",
			OpensAt: now.Add(-14 * 24 * time.Hour), AnonymousAllowed: true, Code: DemoJoinCode,
		}, now)
		if err != nil {
			return 0, "", fmt.Errorf("demo: survey round: %w", err)
		}
		created++
	} else if err != nil {
		return 0, "", fmt.Errorf("demo: survey round: %w", err)
	}
	for i, st := range demoReflections {
		at := now.Add(-time.Duration(len(demoReflections)-i) * 24 * time.Hour)
		_, isNew, err := survey.Submit(ctx, d, harvest.Sink{}, DemoJoinCode, st.submission(), at)
		if err != nil {
			return created, "", fmt.Errorf("demo: survey response: %w", err)
		}
		if isNew {
			created++
		}
	}
	return created, DemoJoinCode, nil
}

// gentCoordinator finds the Gent partnership and its demo coordinator, whom the demo's
// rounds are made by.
func gentCoordinator(ctx context.Context, d *db.DB) (people.Partnership, people.User, error) {
	var p people.Partnership
	if err := d.Q(ctx).Where("name = ?", "Nieuwe krachten voor de Gentse Kinderopvang").First(&p).Error; err != nil {
		return p, people.User{}, fmt.Errorf("find Gent: %w", err)
	}
	var coord people.User
	if err := d.Q(ctx).Where("email = ?", "coordinator@gent.demo").First(&coord).Error; err != nil {
		return p, coord, fmt.Errorf("find coordinator: %w", err)
	}
	return p, coord, nil
}

// demoResponse is one invented response: its client id, language and answers.
type demoResponse struct {
	id, lang string
	answers  map[string]any
}

// submission is the response as a tablet posts it.
func (r demoResponse) submission() survey.Submission {
	raw := map[string]survey.Answer{}
	for k, v := range r.answers {
		raw[k] = survey.AnswerOf(v)
	}
	return survey.Submission{ID: r.id, Language: r.lang, Answers: raw}
}
