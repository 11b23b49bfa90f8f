package harvest

import (
	"context"
	"fmt"

	"oogst/db"
)

// CursistOutcome is an outcome of one cursist with its codes and history, for her data
// export.
type CursistOutcome struct {
	Outcome
	History []HistoryEntry `json:"history"`
}

// OutcomesOfCursist lists the outcomes harvested from a cursist's reflections. The
// caller (the privacy package) has checked that the cursist is in the caller's scope.
func OutcomesOfCursist(ctx context.Context, d *db.DB, cursistID int64) ([]CursistOutcome, error) {
	var os []Outcome
	if err := d.Q(ctx).Where("cursist_id = ?", cursistID).Order("id").Find(&os).Error; err != nil {
		return nil, fmt.Errorf("harvest: outcomes of cursist %d: %w", cursistID, err)
	}
	out := make([]CursistOutcome, 0, len(os))
	for _, o := range os {
		var bs []string
		if err := d.Q(ctx).Model(&Block{}).Where("outcome_id = ?", o.ID).Order("block").Pluck("block", &bs).Error; err != nil {
			return nil, err
		}
		o.Blocks = bs
		var h []HistoryEntry
		if err := d.Q(ctx).Where("outcome_id = ?", o.ID).Order("at, id").Find(&h).Error; err != nil {
			return nil, err
		}
		out = append(out, CursistOutcome{Outcome: o, History: h})
	}
	return out, nil
}

// AnonymiseCursist cuts a cursist's outcomes loose from her inside tx: no cursist, no
// words of her own (original texts, voice answers, the text history), so nothing leads
// back to her; sign, building blocks, codes, status and the reviewer's Dutch summary
// stay, so every aggregate keeps its numbers. Returns how many outcomes it changed.
func AnonymiseCursist(ctx context.Context, tx *db.DB, cursistID int64) (int, error) {
	var ids []int64
	if err := tx.Q(ctx).Model(&Outcome{}).Where("cursist_id = ?", cursistID).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("harvest: anonymise cursist %d: %w", cursistID, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	err := tx.Q(ctx).Model(&Outcome{}).Where("id IN ?", ids).Updates(map[string]any{
		"cursist_id": nil, "change_text": "", "significance_text": "", "contribution_text": "", "voice_attachment_ids": "",
	}).Error
	if err != nil {
		return 0, fmt.Errorf("harvest: anonymise outcomes of cursist %d: %w", cursistID, err)
	}
	if err := tx.Q(ctx).Where("outcome_id IN ? AND field IN ?", ids, []string{"change", "significance", "contribution", "change_text", "significance_text", "contribution_text"}).
		Delete(&HistoryEntry{}).Error; err != nil {
		return 0, fmt.Errorf("harvest: anonymise history of cursist %d: %w", cursistID, err)
	}
	if err := scrubSnapshots(ctx, tx, ids); err != nil {
		return 0, err
	}
	return len(ids), nil
}
