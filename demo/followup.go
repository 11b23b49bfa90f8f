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

// demoFollowUps are invented answers to the follow-up round, each through the cursist's
// personal link.
var demoFollowUps = []demoResponse{
	{"9a1e0c52-7d1b-4c55-9d8a-000000000101", "nl", map[string]any{
		"change": "(Demo) Sinds september werk ik vier dagen per week in een kinderdagverblijf in Gent.", "sign": "positive",
		"significance": "(Demo) Ik verdien mijn eigen geld en mijn kinderen zijn trots.", "blocks": []string{"workplace", "aftercare"}}},
	{"9a1e0c52-7d1b-4c55-9d8a-000000000102", "tr", map[string]any{
		"change": "(Demo) Kreşte iş bulamadım ama şimdi Hollandaca kursuna devam ediyorum.", "sign": "both",
		"significance": "(Demo) Hâlâ iş arıyorum ama daha cesurum.", "blocks": []string{"aftercare"}}},
	{"9a1e0c52-7d1b-4c55-9d8a-000000000103", "fr", map[string]any{
		"change": "(Démo) J'ai arrêté la formation en mars, mais je garde des enfants chez moi comme accueillante.", "sign": "positive",
		"significance": "(Démo) Je peux travailler près de ma famille.", "blocks": []string{"training"}}},
}

// loadFollowUp schedules the follow-up rounds of Gent's Groep B (3 and 6 months after
// its training ended; the 3-month round is open), makes the personal links, and answers
// through three of them, so the round shows who answered and who has not.
func loadFollowUp(ctx context.Context, d *db.DB) (int, string, error) {
	now := time.Now().UTC()
	p, coord, err := gentCoordinator(ctx, d)
	if err != nil {
		return 0, "", fmt.Errorf("demo: follow-up: %w", err)
	}
	sc := people.Scope{UserID: coord.ID, Roles: map[int64]people.Role{p.ID: people.RoleCoordinator}}
	created := 0
	var r survey.Round
	err = d.Q(ctx).Where("partnership_id = ? AND group_name = ? AND follow_up_months = ?", p.ID, "Groep B", 3).First(&r).Error
	if db.IsNotFound(err) {
		f, _, err := survey.EnsureBuiltin(ctx, d, now)
		if err != nil {
			return 0, "", err
		}
		end := now.AddDate(0, -3, -10).Truncate(24 * time.Hour)
		rs, err := survey.CreateFollowUps(ctx, d, sc, survey.FollowUpInput{PartnershipID: p.ID, FormID: f.ID, GroupName: "Groep B", TrainingEnd: &end,
			Months: []int{3, 6}, Title: func(m int) string { return fmt.Sprintf("Groep B: %d maanden na de opleiding (demo)", m) }}, now)
		if err != nil {
			return 0, "", fmt.Errorf("demo: follow-up rounds: %w", err)
		}
		created += len(rs)
		r = rs[0]
	} else if err != nil {
		return 0, "", fmt.Errorf("demo: follow-up round: %w", err)
	}
	var answered int64
	if err := d.Q(ctx).Model(&survey.Response{}).Where("round_id = ?", r.ID).Count(&answered).Error; err != nil {
		return created, "", fmt.Errorf("demo: follow-up responses: %w", err)
	}
	rows, err := survey.IssueLinks(ctx, d, sc, r.ID, nil, now.Add(-9*24*time.Hour))
	if err != nil {
		return created, "", fmt.Errorf("demo: personal links: %w", err)
	}
	if answered > 0 {
		return created, "", nil
	}
	for i, st := range demoFollowUps {
		if i >= len(rows) {
			break
		}
		at := now.Add(-time.Duration(len(demoFollowUps)-i) * 24 * time.Hour)
		s := st.submission()
		s.Link = rows[i].Token
		if _, _, err := survey.Submit(ctx, d, harvest.Sink{}, r.Code, s, at); err != nil {
			return created, "", fmt.Errorf("demo: follow-up response: %w", err)
		}
		created++
	}
	// One who has not answered left an address (with consent); her link was mailed.
	if len(rows) > len(demoFollowUps) {
		row := rows[len(demoFollowUps)]
		if err := people.SetContact(ctx, d, sc, p.ID, row.Cursist.ID, "cursist.demo@example.org", true, now.Add(-9*24*time.Hour)); err != nil {
			return created, "", err
		}
		if err := survey.MarkLinkMailed(ctx, d, row.Link.ID, now.Add(-9*24*time.Hour)); err != nil {
			return created, "", err
		}
	}
	return created, "", nil
}
