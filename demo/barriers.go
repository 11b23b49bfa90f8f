package demo

import (
	"context"
	"fmt"

	"oogst/db"
	"oogst/harvest"
)

// demoCoding is how the demo's steering groups coded a story beyond its codes: the
// barriers it was made against, who changed and how much the project contributed.
type demoCoding struct {
	barriers        []string
	actor, strength string
}

// demoCodings follow demoStories, story by story.
var demoCodings = []demoCoding{
	{[]string{"language"}, "cursist", "substantial"},
	{[]string{"preconditions"}, "cursist", "substantial"},
	{[]string{"language", "family_social"}, "cursist", "partial"},
	{[]string{"competences"}, "cursist", "substantial"},
	{[]string{"preconditions"}, "cursist", "partial"},
	{[]string{"family_social", "preconditions"}, "family", "partial"},
	{[]string{"preconditions", "family_social"}, "cursist", "partial"},
	{[]string{"competences", "psychological"}, "cursist", "substantial"},
	{[]string{"competences"}, "cursist", "substantial"},
	{[]string{"informal_setting", "language"}, "workplace", "partial"},
	{[]string{"psychological"}, "cursist", "partial"},
	{[]string{"formal_setting"}, "workplace", "substantial"},
	{[]string{"cultural", "language"}, "workplace", "partial"},
	{[]string{"psychological"}, "other", "none"},
}

// codeBarriers links a coded demo outcome to its story's barriers and sets its actor
// and contribution strength.
func codeBarriers(ctx context.Context, tx *db.DB, outcomeID int64, story int) error {
	c := demoCodings[story%len(demoCodings)]
	var ids []int64
	if err := tx.Q(ctx).Model(&harvest.Barrier{}).Where("partnership_id IS NULL AND key IN ?", c.barriers).Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("demo: barriers: %w", err)
	}
	for _, id := range ids {
		if err := tx.Q(ctx).Create(&harvest.BarrierLink{OutcomeID: outcomeID, BarrierID: id}).Error; err != nil {
			return fmt.Errorf("demo: link barrier: %w", err)
		}
	}
	return tx.Q(ctx).Model(&harvest.Outcome{}).Where("id = ?", outcomeID).
		Updates(map[string]any{"actor": c.actor, "contribution_strength": c.strength}).Error
}
